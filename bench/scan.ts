/**
 * Scan throughput and peak memory on a generated ~1 GB hilog-style file (not committed), next to
 * ripgrep searching the same file for an equivalent code-context pattern, in the same run.
 * The file is page-cached after the first run; both tools read it from memory. `scan` uses two
 * threads on a large file (rg one: it parallelises across files, not within one), so the one-thread
 * figure is printed too. SIZE_MB overrides the size; RUNS the number of runs (median).
 * Needs `rg` (Debian package ripgrep) for the baseline.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, median } from './util.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'bench', 'out');
const CLI = join(ROOT, 'dist', 'cli', 'ohos-errors.cjs');

async function generate(path: string, bytes: number) {
  if (existsSync(path) && statSync(path).size >= bytes) return;
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
}

/** Peak RSS from GNU time (`/usr/bin/time -f %M`, kilobytes), printed as the last stderr line. */
function timed(cmd: string, args: string[]): { ms: number; rssKb: number; stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { env: cleanEnv(), encoding: 'utf8', maxBuffer: 1 << 26 });
  const rssKb = Number((r.stderr ?? '').trim().split('\n').pop());
  return { ms: NaN, rssKb, stdout: r.stdout };
}

function wall(cmd: string, args: string[]): { ms: number; rssKb: number; stdout: string } {
  const t = process.hrtime.bigint();
  const r = timed(cmd, args);
  return { ...r, ms: Number(process.hrtime.bigint() - t) / 1e6 };
}

export async function scanBench(sizeMb = Number(process.env.SIZE_MB ?? 1024), runs = Number(process.env.RUNS ?? 3)) {
  const file = join(OUT, `hilog-${sizeMb}mb.log`);
  await generate(file, sizeMb * 1024 * 1024);
  const size = statSync(file).size;
  const hasRg = spawnSync('rg', ['--version']).status === 0;
  const scan: number[] = [];
  const one: number[] = [];
  const rg: number[] = [];
  let rss = 0;
  let oneRss = 0;
  let rgRss = 0;
  let found = '';
  for (let i = 0; i < runs; i++) {
    const s = wall(process.execPath, [CLI, 'scan', file, '--json']);
    scan.push(s.ms);
    rss = Math.max(rss, s.rssKb);
    found = s.stdout;
    const o = wall(process.execPath, [CLI, 'scan', file, '--json', '--threads', '1']);
    one.push(o.ms);
    oneRss = Math.max(oneRss, o.rssKb);
    if (hasRg) {
      const r = wall('rg', ['-c', '(?:[Cc]ode|errCode|错误码)"?\\s*(?:is|[:=：])?\\s*"?-?\\d{3,}', file]);
      rg.push(r.ms);
      rgRss = Math.max(rgRss, r.rssKb);
    }
  }
  const summary = JSON.parse(found) as { occurrences: number; lines: number };
  const mbps = (ms: number) => size / 1e6 / (ms / 1000);
  return { sizeMb: size / 1e6, runs, scanMs: median(scan), scanMBps: mbps(median(scan)), rssMb: rss / 1024, oneMs: median(one), oneMBps: mbps(median(one)), oneRssMb: oneRss / 1024, rgMs: rg.length ? median(rg) : undefined, rgMBps: rg.length ? mbps(median(rg)) : undefined, rgRssMb: rgRss / 1024, occurrences: summary.occurrences, lines: summary.lines };
}

export function printScan(r: Awaited<ReturnType<typeof scanBench>>) {
  console.log(`scan of a generated ${r.sizeMb.toFixed(0)} MB hilog file (${r.lines} lines, ${r.occurrences} reports found), median of ${r.runs}:`);
  console.log(`  ohos-errors scan  ${(r.scanMs / 1000).toFixed(2)} s  ${r.scanMBps.toFixed(0)} MB/s  peak RSS ${r.rssMb.toFixed(0)} MB   (targets: >= 0.5x rg, RSS <= 150 MB)`);
  console.log(`  … --threads 1     ${(r.oneMs / 1000).toFixed(2)} s  ${r.oneMBps.toFixed(0)} MB/s  peak RSS ${r.oneRssMb.toFixed(0)} MB`);
  if (r.rgMs !== undefined) {
    console.log(`  rg -c (baseline)  ${(r.rgMs / 1000).toFixed(2)} s  ${r.rgMBps!.toFixed(0)} MB/s  peak RSS ${r.rgRssMb.toFixed(0)} MB (counts the mapped file)`);
    console.log(`  scan/rg throughput ${(r.scanMBps / r.rgMBps!).toFixed(2)}x (one thread: ${(r.oneMBps / r.rgMBps!).toFixed(2)}x)`);
  }
  else console.log('  rg not installed (apt-get install ripgrep): no baseline');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printScan(await scanBench());
