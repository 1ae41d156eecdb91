/**
 * Peak memory on hostile inputs, each in its own process: scan of a log of 526,000 distinct codes,
 * of 200,000 crash blocks, and the server's RSS after 10,000 junk-parameter URLs and after
 * distinct queries. Baseline: `ohos-errors scan` of a 10-line log, measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import { getMany, spawnServe } from '../test/serve-process.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from './util.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'ohos-errors.cjs');

function peakMb(args: string[]): number {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, ...args], { encoding: 'utf8', env: cleanEnv(), maxBuffer: 256 << 20 });
  const lines = r.stderr.trim().split('\n');
  return Number(lines[lines.length - 1]) / 1024;
}

export async function memoryBench() {
  if (!existsSync('/usr/bin/time') || !existsSync('/proc/self/status')) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ohos-errors-mem-'));
  const small = join(dir, 'small.log');
  writeFileSync(small, 'errCode=401\n'.repeat(10));
  const d = join(dir, 'distinct.log');
  writeFileSync(d, Array.from({ length: 526_000 }, (_, i) => `errCode=${10 ** 8 + i}`).join('\n') + '\n');
  const c = join(dir, 'crash.log');
  writeFileSync(c, Array.from({ length: 200_000 }, (_, i) => `Device info:x\nError name:TypeError\nError message:boom ${i}\nStacktrace:\n    at f (a.ets:1:1)`).join('\n') + '\n');
  const base = peakMb(['scan', small, '--json']);
  const distinct = peakMb(['scan', d, '--json']);
  const crashes = peakMb(['scan', c, '--json']);
  const srv = await spawnServe([], cleanEnv());
  await getMany(1, () => `${srv.url}/api/search?q=warm&limit=200`);
  const r0 = srv.rssMb();
  await getMany(10_000, (i) => `${srv.url}/api/search?q=error&limit=200&n=${i}`);
  const r1 = srv.rssMb();
  await getMany(3000, (i) => `${srv.url}/api/search?q=error+${i}&limit=200`);
  const r2 = srv.rssMb();
  await getMany(3000, (i) => `${srv.url}/api/search?q=fail+${i}&limit=200`);
  const r3 = srv.rssMb();
  srv.stop();
  return { base, distinct, crashes, serverStart: r0, junk: r1 - r0, distinctQueries: r2 - r1, moreQueries: r3 - r2 };
}

export function printMemory(r: Awaited<ReturnType<typeof memoryBench>>) {
  if (!r) return console.log('memory: skipped (needs /usr/bin/time and /proc)');
  console.log('peak RSS on hostile inputs (each its own process):');
  console.log(`  scan, 10-line log              ${r.base.toFixed(0)} MB   (baseline)`);
  console.log(`  scan, 526,000 distinct codes   ${r.distinct.toFixed(0)} MB   (target <= 150 MB)`);
  console.log(`  scan, 200,000 crash blocks     ${r.crashes.toFixed(0)} MB   (target <= 150 MB)`);
  console.log(`  serve: RSS ${r.serverStart.toFixed(0)} MB after warm-up; +${r.junk.toFixed(0)} MB after 10,000 junk-parameter URLs (target <= 100 MB); distinct queries +${r.distinctQueries.toFixed(0)} MB for 3,000, +${r.moreQueries.toFixed(0)} MB for 3,000 more`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printMemory(await memoryBench());
