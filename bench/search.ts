/**
 * Search latency over ≥ 1,000 queries on the full registry, next to a naive linear scan over the
 * same entries (lower-cased substring test of every query word against every entry's text) in the
 * same run. Also index build and registry load time, and match latency.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegistry } from '../src/registry/store.js';
import { SearchIndex } from '../src/search/search.js';
import { Matcher } from '../src/match/match.js';
import { tokenize, tokenizeQuery } from '../src/search/tokenize.js';
import MiniSearch from 'minisearch';
import type { Entry } from '../src/registry/types.js';
import { median, percentile } from './util.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function queries(entries: Entry[], n: number): string[] {
  const evalSet = (JSON.parse(readFileSync(join(ROOT, 'test', 'eval', 'search.json'), 'utf8')) as { q: string }[]).map((x) => x.q);
  const out = [...evalSet];
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  while (out.length < n) {
    const e = entries[Math.floor(rnd() * entries.length)];
    const pick = rnd();
    if (pick < 0.35 && e.title.zh) out.push(e.title.zh.slice(0, 2 + Math.floor(rnd() * 6)));
    else if (pick < 0.7 && e.title.en) out.push(e.title.en.split(' ').slice(0, 1 + Math.floor(rnd() * 3)).join(' ').toLowerCase());
    else if (e.messages[0]) out.push(e.messages[0].split(' ').filter((_, i) => i % 2 === 0).slice(0, 4).join(' '));
  }
  return out;
}

/** The same fields and tokenizer in MiniSearch (the library this project tried first). */
function miniSearchIndex(entries: Entry[]) {
  const fields = ['title', 'messages', 'description', 'causes', 'solutions', 'kit'];
  const ms = new MiniSearch({ fields, tokenize, processTerm: (t) => t, searchOptions: { tokenize: tokenizeQuery, processTerm: (t) => t } });
  ms.addAll(
    entries.map((e, id) => ({
      id,
      title: [e.title.zh, e.title.en].join(' '),
      messages: e.messages.join(' '),
      description: [e.description?.zh, e.description?.en].join(' '),
      causes: [...(e.causes?.zh ?? []), ...(e.causes?.en ?? [])].join(' '),
      solutions: [...(e.solutions?.zh ?? []), ...(e.solutions?.en ?? [])].join(' '),
      kit: [e.kit.name.zh, e.kit.name.en].join(' '),
    })),
  );
  return (q: string) => ms.search(q, { boost: { title: 5, messages: 4, description: 2.5, causes: 1.6 }, prefix: (t) => t.length >= 3, fuzzy: (t) => (t.length >= 5 ? 0.2 : false) }).slice(0, 10);
}

function naiveIndex(entries: Entry[]) {
  const texts = entries.map((e) => JSON.stringify([e.title, e.messages, e.description, e.causes, e.solutions, e.kit.name, e.name]).toLowerCase());
  return (q: string) => {
    const words = tokenizeQuery(q);
    const scored: { i: number; s: number }[] = [];
    texts.forEach((t, i) => {
      let s = 0;
      for (const w of words) if (t.includes(w)) s++;
      if (s) scored.push({ i, s });
    });
    return scored.sort((a, b) => b.s - a.s).slice(0, 10);
  };
}

export function searchBench(n = 1500) {
  let t = performance.now();
  const reg = readRegistry();
  const loadMs = performance.now() - t;
  t = performance.now();
  const index = new SearchIndex(reg.entries);
  const buildMs = performance.now() - t;
  t = performance.now();
  const matcher = new Matcher(reg.entries);
  const matcherMs = performance.now() - t;
  const naive = naiveIndex(reg.entries);
  t = performance.now();
  const mini = miniSearchIndex(reg.entries);
  const miniBuildMs = performance.now() - t;
  const qs = queries(reg.entries, n);
  for (const q of qs.slice(0, 50)) {
    index.search(q);
    naive(q);
  }
  const lat: number[] = [];
  const naiveLat: number[] = [];
  const miniLat: number[] = [];
  for (const q of qs) {
    let s = performance.now();
    index.search(q, { limit: 10 });
    lat.push(performance.now() - s);
    s = performance.now();
    naive(q);
    naiveLat.push(performance.now() - s);
    s = performance.now();
    mini(q);
    miniLat.push(performance.now() - s);
  }
  const msgs = reg.entries.flatMap((e) => e.messages.slice(0, 1)).filter((m) => !m.includes('\n')).map((m) => `BusinessError: ${m.replace(/\$\{[^}]+\}/g, 'value')}`);
  const matchLat: number[] = [];
  for (const m of msgs) {
    const s = performance.now();
    matcher.match(m);
    matchLat.push(performance.now() - s);
  }
  return {
    entries: reg.entries.length,
    queries: qs.length,
    loadMs,
    buildMs,
    matcherMs,
    p50: median(lat),
    p99: percentile(lat, 99),
    naiveP50: median(naiveLat),
    naiveP99: percentile(naiveLat, 99),
    miniBuildMs,
    miniP50: median(miniLat),
    miniP99: percentile(miniLat, 99),
    matchN: msgs.length,
    matchP50: median(matchLat),
    matchP99: percentile(matchLat, 99),
  };
}

export function printSearch(r: ReturnType<typeof searchBench>) {
  console.log(`search over ${r.entries} entries, ${r.queries} queries (eval set + generated zh/en fragments):`);
  console.log(`  registry load (JSON.parse)  ${r.loadMs.toFixed(1)} ms;  index build ${r.buildMs.toFixed(0)} ms;  matcher build ${r.matcherMs.toFixed(0)} ms`);
  console.log(`  index        p50 ${r.p50.toFixed(3)} ms   p99 ${r.p99.toFixed(3)} ms   (targets p50 <= 1 ms, p99 <= 5 ms)`);
  console.log(`  linear scan  p50 ${r.naiveP50.toFixed(3)} ms   p99 ${r.naiveP99.toFixed(3)} ms   (baseline; index is ${(r.naiveP50 / r.p50).toFixed(1)}x faster at p50)`);
  console.log(`  MiniSearch   p50 ${r.miniP50.toFixed(3)} ms   p99 ${r.miniP99.toFixed(3)} ms   build ${r.miniBuildMs.toFixed(0)} ms   (same tokenizer and fields)`);
  console.log(`  match ${r.matchN} runtime messages: p50 ${r.matchP50.toFixed(3)} ms   p99 ${r.matchP99.toFixed(3)} ms`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printSearch(searchBench());
