/**
 * Scan throughput and peak memory on generated ~1 GB logs (not committed), next to ripgrep
 * counting the code-context pattern in the same file, in the same run.
 *
 * The headline logs come from bench/loggen.ts: thousands of call sites with numbers, ids, paths,
 * URLs, hex values and sizes fresh on every line, W/E shares of 5 %, 25 % and 50 %, ~3 % error
 * reports in every shape the scanner knows (random codes and messages, placeholders filled anew),
 * crash blocks and long lines. One more row is the old repetitive log (13 distinct texts), kept for
 * comparison only; and one log from bench/loggen2.ts, a generator written apart, with texts, report
 * shapes and look-alike lines (`statusCode=404`, `exitCode: 0` at every level) of its own. Files are page-cached after their first run; both tools read from memory.
 * `scan` uses two threads on a large file (rg one: it parallelises across files, not within one),
 * so the one-thread figure is printed too.
 *
 * SIZE_MB overrides the size (default 1024); RUNS the runs per figure (median, default 3);
 * SHARES the W/E shares (default 0.05,0.25,0.5). Needs `rg` (Debian package ripgrep).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, median } from './util.js';
import { LogGenerator } from './loggen.js';
import { LogGenerator2 } from './loggen2.js';
import { readRegistry } from '../src/registry/store.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'bench', 'out');
const CLI = join(ROOT, 'dist', 'cli', 'ohos-errors.cjs');
const RG_PATTERN = '(?:[Cc]ode|errCode|错误码)"?\\s*(?:is|[:=：])?\\s*"?-?\\d{3,}';

/** A realistic log of `bytes` at this W/E share; returns the distinct lines among its first 200,000. */
function generateRealistic(path: string, bytes: number, weShare: number, other = false): number {
  const meta = `${path}.distinct`;
  if (existsSync(path) && statSync(path).size >= bytes && existsSync(meta)) return Number(readFileSync(meta, 'utf8'));
  mkdirSync(OUT, { recursive: true });
  const gen = other ? new LogGenerator2(readRegistry().entries, { weShare }) : new LogGenerator(readRegistry().entries, { weShare, seed: 42 });
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  const seen = new Set<string>();
  let lines = 0;
  for (const chunk of gen.chunks(bytes)) {
    if (lines < 200_000) {
      for (const l of chunk.split('\n')) {
        if (lines >= 200_000 || !l) continue;
        seen.add(l);
        lines++;
      }
    }
    writeSync(fd, chunk);
  }
  closeSync(fd);
  renameSync(tmp, path);
  writeFileSync(meta, String(seen.size));
  return seen.size;
}

/** The old benchmark log: 8 info and 5 error texts repeated (the verdict cache answers nearly every line). */
async function generateRepetitive(path: string, bytes: number): Promise<number> {
  if (existsSync(path) && statSync(path).size >= bytes) return 13;
  mkdirSync(OUT, { recursive: true });
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const lines: string[] = [];
  const info = ['onCreate', 'render frame done', 'network available, type=wifi', 'request took 401 ms', 'install ok, versionCode=12000011', 'pid=12000011 tid=401', 'load entity list', 'session id=201 started'];
  const errors = ['generate failed, code: 12000011, message: The entity does not exist.', 'Code is 401, message is Parameter error.', 'request failed errCode=2300028', '{"code":201,"message":"Permission denied."}', 'operation failed: Insufficient storage space.'];
  for (let i = 0; i < 40000; i++) {
    const err = rnd() < 0.01;
    const level = err ? 'E' : 'DIIIW'[int(0, 4)];
    const p = int(1000, 65000);
    const text = err ? errors[int(0, errors.length - 1)] : info[int(0, info.length - 1)];
    lines.push(`${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')} 1${int(0, 9)}:${int(10, 59)}:${int(10, 59)}.${int(100, 999)}  ${p}  ${p} ${level} A0${int(1000, 9999)}/Tag${int(1, 9)}: ${text}`);
  }
  const block = Buffer.from(lines.join('\n') + '\n');
  const out = createWriteStream(path);
  for (let written = 0; written < bytes; written += block.length) {
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return 13;
}

/** Wall time and peak RSS (GNU time `%M`, the last stderr line). */
function run(cmd: string, args: string[]): { ms: number; rssKb: number; stdout: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { env: cleanEnv(), encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const rssKb = Number((r.stderr ?? '').trim().split('\n').pop());
  return { ms, rssKb, stdout: r.stdout };
}

export interface ScanRow {
  name: string;
  sizeMb: number;
  distinct: number;
  lines: number;
  occurrences: number;
  two: { ms: number; rssMb: number };
  one: { ms: number; rssMb: number };
  rg?: { ms: number };
}

function measure(name: string, file: string, distinct: number, runs: number, hasRg: boolean): ScanRow {
  const two: number[] = [];
  const one: number[] = [];
  const rg: number[] = [];
  let rss2 = 0;
  let rss1 = 0;
  let out = '';
  // Warm the page cache first.
  if (hasRg) run('rg', ['-c', RG_PATTERN, file]);
  for (let i = 0; i < runs; i++) {
    const a = run(process.execPath, [CLI, 'scan', file, '--json']);
    two.push(a.ms);
    rss2 = Math.max(rss2, a.rssKb);
    out = a.stdout;
    const b = run(process.execPath, [CLI, 'scan', file, '--json', '--threads', '1']);
    one.push(b.ms);
    rss1 = Math.max(rss1, b.rssKb);
    if (hasRg) rg.push(run('rg', ['-c', RG_PATTERN, file]).ms);
  }
  const s = JSON.parse(out) as { occurrences: number; lines: number };
  return {
    name,
    sizeMb: statSync(file).size / 1e6,
    distinct,
    lines: s.lines,
    occurrences: s.occurrences,
    two: { ms: median(two), rssMb: rss2 / 1024 },
    one: { ms: median(one), rssMb: rss1 / 1024 },
    ...(rg.length ? { rg: { ms: median(rg) } } : {}),
  };
}

export async function scanBench(sizeMb = Number(process.env.SIZE_MB ?? 1024), runs = Number(process.env.RUNS ?? 3)): Promise<ScanRow[]> {
  const shares = (process.env.SHARES ?? '0.05,0.25,0.5').split(',').map(Number);
  const hasRg = spawnSync('rg', ['--version']).status === 0;
  const bytes = sizeMb * 1024 * 1024;
  const rows: ScanRow[] = [];
  for (const we of shares) {
    const file = join(OUT, `realistic-${sizeMb}mb-we${Math.round(we * 100)}.log`);
    const distinct = generateRealistic(file, bytes, we);
    rows.push(measure(`realistic, W/E ${Math.round(we * 100)}%`, file, distinct, runs, hasRg));
  }
  // The second generator (bench/loggen2.ts: its own texts, report shapes and look-alikes).
  const other = join(OUT, `other-${sizeMb}mb-we25.log`);
  rows.push(measure('other generator, W/E 25%', other, generateRealistic(other, bytes, 0.25, true), runs, hasRg));
  const rep = join(OUT, `repetitive-${sizeMb}mb.log`);
  rows.push(measure('repetitive (13 texts)', rep, await generateRepetitive(rep, bytes), runs, hasRg));
  return rows;
}

export function printScan(rows: ScanRow[]) {
  const runs = process.env.RUNS ?? 3;
  console.log(`scan of generated logs (bench/loggen.ts), median of ${runs}; rg -c on the same file in the same run (targets: >= 0.5x rg with 2 threads, >= 0.35x with 1, peak RSS <= 150 MB):`);
  const mbps = (r: ScanRow, ms: number) => r.sizeMb / (ms / 1000);
  for (const r of rows) {
    const rg = r.rg ? mbps(r, r.rg.ms) : undefined;
    const ratio = (ms: number) => (rg ? ` ${(mbps(r, ms) / rg).toFixed(2)}x rg` : '');
    console.log(`  ${r.name.padEnd(22)} ${r.sizeMb.toFixed(0)} MB, ${r.lines.toLocaleString('en-US')} lines (${r.distinct.toLocaleString('en-US')} distinct in the first 200,000), ${r.occurrences.toLocaleString('en-US')} reports`);
    console.log(`    2 threads ${(r.two.ms / 1000).toFixed(2)} s ${mbps(r, r.two.ms).toFixed(0)} MB/s${ratio(r.two.ms)}, peak RSS ${r.two.rssMb.toFixed(0)} MB`);
    console.log(`    1 thread  ${(r.one.ms / 1000).toFixed(2)} s ${mbps(r, r.one.ms).toFixed(0)} MB/s${ratio(r.one.ms)}, peak RSS ${r.one.rssMb.toFixed(0)} MB`);
    if (r.rg) console.log(`    rg -c     ${(r.rg.ms / 1000).toFixed(2)} s ${rg!.toFixed(0)} MB/s (baseline)`);
    else console.log('    rg not installed (apt-get install ripgrep): no baseline');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printScan(await scanBench());
