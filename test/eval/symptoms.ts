/**
 * Symptom queries written in a developer's words (paraphrases, not the docs' wording), zh and en,
 * split by a hash of the query into a dev half (for tuning) and a test half (reported only).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SearchIndex } from '../../src/search/search.js';

export interface SymptomQuery {
  q: string;
  expect: number[];
  half: 'dev' | 'test';
  lang: 'zh' | 'en';
}

export function symptomQueries(root: string): SymptomQuery[] {
  const raw = JSON.parse(readFileSync(join(root, 'test', 'eval', 'symptoms.json'), 'utf8')) as { q: string; expect: number[] }[];
  return raw.map((x) => ({ ...x, half: createHash('sha1').update(x.q).digest()[0] % 2 === 0 ? 'dev' : 'test', lang: /[\u4e00-\u9fff]/.test(x.q) ? 'zh' : 'en' }));
}

/** 1-based rank of the first expected code in the first 20 results (0: not there). */
export function symptomRanks(index: SearchIndex, qs: SymptomQuery[]): number[] {
  return qs.map((x) => {
    const k = index.search(x.q, { limit: 20 }).findIndex((r) => x.expect.includes(r.code));
    return k < 0 ? 0 : k + 1;
  });
}
