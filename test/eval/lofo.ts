/**
 * Leave-one-field-out known-item search: for an entry, one of its own fields (the first sentence
 * of a cause, of the description, or a title) is the query, searched with that field of that entry
 * left out of the scoring; the rank of the entry is recorded. Thousands of queries nobody wrote by
 * hand, in zh and en. Entries are split by a hash of their reference into a dev half (for tuning)
 * and a test half (reported only).
 */
import { createHash } from 'node:crypto';
import { SearchIndex } from '../../src/search/search.js';
import { entryRef, type Entry, type Lang } from '../../src/registry/types.js';

export interface LofoQuery {
  entry: number;
  field: string;
  lang: Lang;
  query: string;
  half: 'dev' | 'test';
}

const firstSentence = (md: string) =>
  md
    .replace(/!\[[^[\]]*\]\([^()]*\)/g, '')
    .replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .replace(/[`*>#]/g, '')
    .split(/\n|(?<=[。！？])|(?<=[.!?])\s/)[0]
    .trim()
    .slice(0, 120);

export function lofoQueries(entries: Entry[]): LofoQuery[] {
  const out: LofoQuery[] = [];
  entries.forEach((e, i) => {
    const h = createHash('sha1').update(entryRef(e)).digest()[0];
    const half = h % 2 === 0 ? 'dev' : 'test';
    for (const lang of ['zh', 'en'] as Lang[]) {
      const add = (field: string, text: string | undefined) => {
        const q = text && firstSentence(text);
        if (q && q.replace(/[\s\p{P}\p{S}]/gu, '').length >= 4) out.push({ entry: i, field, lang, query: q, half });
      };
      if (!e.titleDerived) add(`title_${lang}`, e.title[lang]);
      add(`description_${lang}`, e.description?.[lang]);
      add(`causes_${lang}`, e.causes?.[lang]?.[0]);
    }
  });
  return out;
}

export interface LofoFigures {
  n: number;
  top1: number;
  top3: number;
  mrr: number;
}

/** Ranks (1-based, 0 = not in the first 20) of each query's entry. */
export function runLofo(index: SearchIndex, queries: LofoQuery[]): number[] {
  return queries.map((q) => {
    const results = index.search(q.query, { limit: 20, leaveOut: { entry: q.entry, field: q.field } });
    const target = index.entries[q.entry];
    const k = results.findIndex((r) => r.entry === target);
    return k < 0 ? 0 : k + 1;
  });
}

export function figures(ranks: number[]): LofoFigures {
  const n = ranks.length;
  const at = (k: number) => ranks.filter((r) => r > 0 && r <= k).length / Math.max(1, n);
  return { n, top1: at(1), top3: at(3), mrr: ranks.reduce((s, r) => s + (r ? 1 / r : 0), 0) / Math.max(1, n) };
}

export function fmt(f: LofoFigures): string {
  return `n=${f.n} top-1 ${(f.top1 * 100).toFixed(1)}% top-3 ${(f.top3 * 100).toFixed(1)}% MRR ${f.mrr.toFixed(3)}`;
}
