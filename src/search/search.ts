/**
 * Bilingual full-text search over every entry (MiniSearch, BM25 with field boosts), with the
 * tokenizer of tokenize.ts. The index is built from the registry on first use and kept.
 */
import MiniSearch, { type SearchResult as MSResult } from 'minisearch';
import { readRegistry } from '../registry/store.js';
import { readOverlay, overlayPath } from '../registry/overlay.js';
import type { Entry, KitRef, Lang } from '../registry/types.js';
import { tokenize, tokenizeQuery, expandQuery, hasHan } from './tokenize.js';

export type SearchField = 'code' | 'name' | 'title' | 'message' | 'description' | 'cause' | 'solution' | 'kit' | 'api';

export interface SearchOptions {
  /** Only match text in this language (messages, names and codes always match). */
  lang?: Lang;
  /** Only entries of this kit (id or display name). */
  kit?: string;
  limit?: number;
  /** Include the user's overlay (default true). */
  overlay?: boolean;
}

export interface SearchResult {
  code: number;
  kit: KitRef;
  page: { id: string };
  title: string | undefined;
  score: number;
  /** The highest-weighted field the query matched. */
  field: SearchField;
  entry: Entry;
}

interface Doc {
  id: number;
  [field: string]: string | number;
}

const FIELDS: { key: string; field: SearchField; boost: number; lang?: Lang }[] = [
  { key: 'title_zh', field: 'title', boost: 5, lang: 'zh' },
  { key: 'title_en', field: 'title', boost: 5, lang: 'en' },
  { key: 'messages', field: 'message', boost: 4 },
  { key: 'name', field: 'name', boost: 4 },
  { key: 'description_zh', field: 'description', boost: 2.5, lang: 'zh' },
  { key: 'description_en', field: 'description', boost: 2.5, lang: 'en' },
  { key: 'causes_zh', field: 'cause', boost: 1.6, lang: 'zh' },
  { key: 'causes_en', field: 'cause', boost: 1.6, lang: 'en' },
  { key: 'solutions_zh', field: 'solution', boost: 1, lang: 'zh' },
  { key: 'solutions_en', field: 'solution', boost: 1, lang: 'en' },
  { key: 'kit', field: 'kit', boost: 1.2 },
  { key: 'apis', field: 'api', boost: 2 },
];
const BOOST = Object.fromEntries(FIELDS.map((f) => [f.key, f.boost]));
const FIELD_OF = Object.fromEntries(FIELDS.map((f) => [f.key, f]));

const stripMd = (s: string) => s.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/```[\s\S]*?```/g, ' ');

function docOf(e: Entry, id: number): Doc {
  const join = (xs: (string | undefined)[]) => stripMd(xs.filter(Boolean).join('\n'));
  const v = e.variants ?? [];
  return {
    id,
    title_zh: join([e.title.zh, ...v.map((x) => x.title.zh)]),
    title_en: join([e.title.en, ...v.map((x) => x.title.en)]),
    messages: join([...e.messages]),
    name: e.name ?? '',
    description_zh: join([e.description?.zh, ...v.map((x) => x.description?.zh)]),
    description_en: join([e.description?.en, ...v.map((x) => x.description?.en)]),
    causes_zh: join([...(e.causes?.zh ?? []), ...v.flatMap((x) => x.causes?.zh ?? [])]),
    causes_en: join([...(e.causes?.en ?? []), ...v.flatMap((x) => x.causes?.en ?? [])]),
    solutions_zh: join([...(e.solutions?.zh ?? []), ...v.flatMap((x) => x.solutions?.zh ?? [])]),
    solutions_en: join([...(e.solutions?.en ?? []), ...v.flatMap((x) => x.solutions?.en ?? [])]),
    kit: join([e.kit.id, e.kit.name.zh, e.kit.name.en, e.page.title.zh, e.page.title.en]),
    apis: join(e.apis ?? []),
  };
}

export class SearchIndex {
  readonly entries: Entry[];
  private ms: MiniSearch<Doc>;
  private byCode = new Map<number, number[]>();

  constructor(entries: Entry[]) {
    this.entries = entries;
    this.ms = new MiniSearch<Doc>({
      fields: FIELDS.map((f) => f.key),
      idField: 'id',
      tokenize,
      processTerm: (t) => t,
      searchOptions: { tokenize: (t) => [t], processTerm: (t) => t },
    });
    this.ms.addAll(entries.map(docOf));
    entries.forEach((e, i) => {
      const l = this.byCode.get(e.code) ?? [];
      l.push(i);
      this.byCode.set(e.code, l);
    });
  }

  search(query: string, opts: SearchOptions = {}): SearchResult[] {
    const limit = opts.limit ?? 10;
    const kitOk = (e: Entry) => !opts.kit || kitMatches(e.kit, opts.kit);
    const fields = FIELDS.filter((f) => !opts.lang || !f.lang || f.lang === opts.lang).map((f) => f.key);
    const lang = opts.lang ?? (hasHan(query) ? 'zh' : 'en');
    const results = new Map<number, SearchResult>();

    // A number in the query that is a code puts that code's entries first.
    const numbers = [...query.matchAll(/-?\d{3,}/g)].map((m) => Number(m[0]));
    for (const n of numbers) {
      for (const i of this.byCode.get(n) ?? []) {
        const e = this.entries[i];
        if (!kitOk(e)) continue;
        results.set(i, this.result(e, 1000, 'code', lang));
      }
    }
    const text = query.replace(/-?\d{3,}/g, ' ').trim();
    if (text) {
      const q = expandQuery(text);
      const hits: MSResult[] = this.ms.search({ combineWith: 'OR', queries: q.terms }, {
        fields,
        boost: BOOST,
        combineWith: 'OR',
        prefix: (term) => !hasHan(term) && term.length >= 3,
        fuzzy: (term) => (!hasHan(term) && term.length >= 5 ? 0.2 : false),
        weights: { fuzzy: 0.45, prefix: 0.7 },
        filter: (r) => kitOk(this.entries[r.id as number]),
      });
      for (const h of hits) {
        const i = h.id as number;
        const field = bestField(h.match);
        // Coordination: entries that match more of the query's concepts rank higher.
        const covered = new Set(h.queryTerms.map((t) => q.concept.get(t)));
        const coverage = Math.min(1, covered.size / Math.max(1, q.concepts));
        h.score *= coverage * coverage;
        const prev = results.get(i);
        if (prev) prev.score += h.score;
        else results.set(i, this.result(this.entries[i], h.score, field, lang));
      }
    }
    return [...results.values()]
      .sort((a, b) => b.score - a.score || a.code - b.code || (a.kit.id < b.kit.id ? -1 : 1))
      .slice(0, limit)
      .map((r) => ({ ...r, score: Math.round(r.score * 1000) / 1000 }));
  }

  private result(e: Entry, score: number, field: SearchField, lang: Lang): SearchResult {
    return { code: e.code, kit: e.kit, page: { id: e.page.id }, title: e.title[lang] ?? e.title[lang === 'zh' ? 'en' : 'zh'], score, field, entry: e };
  }
}

function bestField(match: Record<string, string[]>): SearchField {
  let best: { field: SearchField; boost: number } | undefined;
  for (const fields of Object.values(match)) {
    for (const key of fields) {
      const f = FIELD_OF[key];
      if (f && (!best || f.boost > best.boost)) best = { field: f.field, boost: f.boost };
    }
  }
  return best?.field ?? 'title';
}

function kitMatches(kit: KitRef, q: string): boolean {
  const n = q.trim().toLowerCase();
  return kit.id === n || kit.name.en?.toLowerCase() === n || kit.name.zh === q.trim();
}

let shared: { key: string; index: SearchIndex } | undefined;

/** The index over the shipped registry (+ the user's overlay), built once per process. */
export function defaultIndex(opts: { overlay?: boolean } = {}): SearchIndex {
  const key = opts.overlay === false ? 'shipped' : `overlay:${overlayPath()}`;
  if (shared?.key !== key) {
    const entries = [...readRegistry().entries, ...(opts.overlay === false ? [] : readOverlay().entries)];
    shared = { key, index: new SearchIndex(entries) };
  }
  return shared.index;
}

/** Search every entry, both languages. Best first. */
export function search(query: string, opts: SearchOptions = {}): SearchResult[] {
  return defaultIndex({ overlay: opts.overlay }).search(query, opts);
}
