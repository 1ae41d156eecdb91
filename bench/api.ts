/**
 * `api` lookups in-process on the shipped API index: full names, suffixes, bare method names,
 * modules, kits and misses (nearest names), drawn from the index itself with a fixed seed; p50/p99
 * against a linear scan of the same index as the baseline, measured in the same run.
 */
import { fileURLToPath } from 'node:url';
import { codesFor, findApis, listApis, nearestApis } from '../src/lookup/apis.js';
import { median, percentile } from './util.js';

function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
}

export function apiBench(n = 2000) {
  const t0 = performance.now();
  const apis = listApis({ overlay: false });
  const loadMs = performance.now() - t0;
  if (!apis.length) return undefined;
  const r = rng(7);
  const pick = () => apis[Math.floor(r() * apis.length)];
  const queries: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = pick();
    const parts = a.name.split('.');
    const k = i % 6;
    queries.push(k === 0 ? a.name : k === 1 ? parts.slice(-2).join('.') : k === 2 ? parts[parts.length - 1] : k === 3 ? a.module : k === 4 ? `@kit.${a.kit ?? 'ArkData'}` : parts[parts.length - 1].slice(0, -1) + 'x');
  }
  // Warm up the indexes.
  findApis(queries[0], { overlay: false });
  const ours: number[] = [];
  const linear: number[] = [];
  let misses = 0;
  for (const q of queries) {
    let t = performance.now();
    const found = codesFor(q, { overlay: false, limit: 50 });
    if (!found.length) {
      nearestApis(q, 5, { overlay: false });
      misses++;
    }
    ours.push(performance.now() - t);
    t = performance.now();
    apis.filter((a) => a.name === q || a.name.endsWith('.' + q) || a.module === q);
    linear.push(performance.now() - t);
  }
  return { n, loadMs, apis: apis.length, misses, p50: median(ours), p99: percentile(ours, 99), linearP50: median(linear), linearP99: percentile(linear, 99) };
}

export function printApi(r: ReturnType<typeof apiBench>) {
  if (!r) return console.log('api lookups: skipped (no API index)');
  console.log(`api lookups (${r.n} queries over ${r.apis} APIs: full names, suffixes, modules, kits, misses with nearest names; index load ${r.loadMs.toFixed(0)} ms once):`);
  console.log(`  ours (findApis + codes and titles of the first 50, as \`api\` prints them)`);
  console.log(`           p50 ${r.p50.toFixed(3)} ms  p99 ${r.p99.toFixed(3)} ms   (target p99 <= 5 ms; ${r.misses} misses)`);
  console.log(`  linear   p50 ${r.linearP50.toFixed(3)} ms  p99 ${r.linearP99.toFixed(3)} ms   (baseline: one filter over the index)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printApi(apiBench());
