/**
 * `ohos-errors 12000011` cold start against the Node floor (`node -e 0`), measured in the same run,
 * interleaved, median of N runs each, with NODE_EXTRA_CA_CERTS unset.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median, timeSpawn } from './util.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'ohos-errors.cjs');

export function coldStart(runs = 15) {
  const floor: number[] = [];
  const lookup: number[] = [];
  const miss: number[] = [];
  const apiRuns: number[] = [];
  for (let i = 0; i < 2; i++) {
    timeSpawn(process.execPath, ['-e', '0']);
    timeSpawn(process.execPath, [CLI, '12000011']);
  }
  for (let i = 0; i < runs; i++) {
    floor.push(timeSpawn(process.execPath, ['-e', '0']));
    lookup.push(timeSpawn(process.execPath, [CLI, '12000011']));
    miss.push(timeSpawn(process.execPath, [CLI, '12000099']));
    apiRuns.push(timeSpawn(process.execPath, [CLI, 'api', 'RdbStore.insert']));
  }
  const f = median(floor);
  const l = median(lookup);
  const m = median(miss);
  const a = median(apiRuns);
  return { runs, floorMs: f, lookupMs: l, missMs: m, apiMs: a, ratio: l / f, missRatio: m / f, apiRatio: a / f };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = coldStart(Number(process.env.RUNS ?? 15));
  console.log(`cold start (median of ${r.runs}): node -e 0 ${fmt(r.floorMs)}; ohos-errors 12000011 ${fmt(r.lookupMs)} = ${r.ratio.toFixed(2)}x; not-found path ${fmt(r.missMs)} = ${r.missRatio.toFixed(2)}x`);
}
