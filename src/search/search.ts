/**
 * Bilingual full-text search over every entry: BM25F over weighted fields (inverted.ts), the
 * tokenizer of tokenize.ts, synonyms, prefixes and typo tolerance. The index is built from the
 * registry on first use and kept for the process.
 */
import { InvertedIndex, withinEdits } from './inverted.js';
import { kitMatches } from '../lookup/lookup.js';
import { readRegistry } from '../registry/store.js';
import { readOverlay, overlayPath } from '../registry/overlay.js';
import { entryRef, type Entry, type KitRef, type Lang } from '../registry/types.js';
import { codesFor } from '../lookup/apis.js';
import { tokenize, expandQuery, hasHan } from './tokenize.js';

export type SearchField = 'code' | 'name' | 'title' | 'message' | 'description' | 'cause' | 'solution' | 'kit' | 'api';

export interface SearchOptions {
  /**
   * The language of the answer (result titles). It does not restrict what the query matches: the
   * query's own words decide that (a Chinese query finds Chinese text whatever `lang` is).
   */
  lang?: Lang;
  /** Only match text in this language (messages, names and codes always match). */
  matchLang?: Lang;
  /**
   * For evaluation (leave-one-field-out): score as if this field of this entry were not indexed.
   * `entry` is the entry's position in the index, `field` a field key (`causes_en`, `title_zh` …).
   */
  leaveOut?: { entry: number; field: string };
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
  /** For an API-name query: the API whose @throws line names this code. */
  via?: string;
  entry: Entry;
}

/** Coordination: entries matching more of the query's concepts rank higher (score × coverage³; 2 and 1 measured no better on the leave-one-field-out dev half). */
const COVERAGE_EXP = 3;
/**
 * Weight of a cross-language word against the query's own, times its association score (≤ 1).
 * With the table learned from whole entries (see TranslationTable), 0.5 → 1 raised the
 * leave-one-field-out dev half (learned from other dev entries) zh MRR 0.651 → 0.674, en 0.645 →
 * 0.651, and the symptom dev half's zh top-1 80.0 → 88.6 % (en unchanged); 1.3 raised the
 * former further and not the latter, and a translated word should not outweigh the query's own.
 */
const XLANG_WEIGHT = 1;

/** Words before a number that make it a quantity, not a code (lower case; Chinese as written). */
const QUANTITY_BEFORE = /(?:\b(?:than|over|under|above|below|exceeds?|exceeding|exceeded|max|maximum|min|minimum|up\s+to|at\s+most|at\s+least|limit(?:\s+is)?|beyond)|超过|超出|大于|小于|多于|少于|不超过|最多|最少|上限|高于|低于)\s*$/i;
/** Units after a number that make it a quantity. */
const QUANTITY_AFTER = /^\s*(?:(?:ms|s|sec|secs|seconds?|minutes?|mins?|hours?|days?|items?|elements?|entries|characters?|chars?|bytes?|kb|mb|gb|kib|mib|px|vp|fps|times|records?|rows?|files?|pages?|tasks?|%)\b|%|个|字符|字节|秒|毫秒|分钟|次|条|项|张|页|行|位)/i;

/**
 * The numbers of a query that name codes, and the query's text without them. A number of three
 * digits or more is a code unless the words around it make it a quantity (see QUANTITY_*);
 * a quantity stays in the text, where it can match the docs' own figures ("exceeds 100").
 */
function splitNumbers(query: string): { codes: number[]; text: string } {
  const codes: number[] = [];
  const text = query
    .replace(/-?\d{3,}/g, (m, at: number) => {
      const before = query.slice(Math.max(0, at - 24), at);
      const after = query.slice(at + m.length, at + m.length + 12);
      if (QUANTITY_BEFORE.test(before) || QUANTITY_AFTER.test(after)) return m;
      codes.push(Number(m));
      return ' ';
    })
    .trim();
  return { codes, text };
}

/**
 * Cross-language associations, learned from the registry's own translations: each entry's zh/en
 * title pair, description pair, and cause and solution lists when both languages have as many
 * items (the docs translate them one for one) are aligned units. For each Chinese and English
 * token, how often they occur in the same unit, as a cosine (c(zh, en) / √(c(zh)·c(en))). Pairs
 * seen in at least two units with a cosine of at least 0.35 are kept, the best three per token,
 * in both directions: "超时" ↔ "timeout", "内存" ↔ "memori" (5,185 tokens with one for the shipped
 * registry; rare pairs bring some noise, such as bigrams across two words, weighted by their score).
 *
 * Titles alone → all four units, on the leave-one-field-out dev half, the table learned from half
 * of the dev entries and the queries taken from the other half: zh top-1 51.6 → 53.9 %, MRR
 * 0.630 → 0.651; en top-1 50.6 → 52.8 %, MRR 0.624 → 0.645 (titles + descriptions alone: 0.638 / 0.641).
 */
class TranslationTable {
  private zhIds = new Map<string, number>();
  private enIds = new Map<string, number>();
  /** Per token id (zh and en apart): how many units hold it, and which. */
  private zhUnits: number[][] = [];
  private enUnits: number[][] = [];
  /** Per unit: its zh and en token ids. */
  private units: [number[], number[]][] = [];
  private memo = new Map<string, { term: string; score: number }[]>();
  private zhTerms: string[] = [];
  private enTerms: string[] = [];
  private built = false;
  private enCount: Int32Array | undefined;
  private zhCount: Int32Array | undefined;

  constructor(private entries: Entry[]) {}

  /**
   * Units are tokenized on first use, and a token's partners are counted when a query asks for
   * that token (memoised): a search asks for a handful. Counting every pair up front took ~200 ms
   * of the index build, which a one-off `ohos-errors search` pays in full (0.75 → 0.89 s measured).
   */
  private build() {
    this.built = true;
    const id = (m: Map<string, number>, lists: number[][], terms: string[], t: string) => {
      let i = m.get(t);
      if (i === undefined) {
        m.set(t, (i = m.size));
        lists.push([]);
        terms.push(t);
      }
      return i;
    };
    const add = (uz: string, ue: string) => {
      const u = this.units.length;
      const zh = [...new Set(tokenize(uz).filter(hasHan))].map((t) => id(this.zhIds, this.zhUnits, this.zhTerms, t));
      const en = [...new Set(tokenize(ue).filter((t) => !hasHan(t) && t.length > 2 && !/^\d+$/.test(t)))].map((t) => id(this.enIds, this.enUnits, this.enTerms, t));
      for (const z of zh) this.zhUnits[z].push(u);
      for (const x of en) this.enUnits[x].push(u);
      this.units.push([zh, en]);
    };
    for (const e of this.entries) {
      if (!e.titleDerived && e.title.zh && e.title.en) add(e.title.zh, e.title.en);
      if (e.description?.zh && e.description.en) add(e.description.zh, e.description.en);
      for (const f of ['causes', 'solutions'] as const) {
        const z = e[f]?.zh ?? [];
        const x = e[f]?.en ?? [];
        if (z.length === x.length) z.forEach((zz, i) => add(zz, x[i]));
      }
    }
  }

  /** The other language's tokens for a token, best first (at most three). */
  get(term: string): { term: string; score: number }[] {
    let out = this.memo.get(term);
    if (out) return out;
    if (!this.built) this.build();
    const han = hasHan(term);
    const own = (han ? this.zhIds : this.enIds).get(term);
    // Only tokens of the aligned texts are remembered: the memo is bounded by their vocabulary,
    // whatever words queries bring.
    if (own === undefined) return [];
    out = [];
    const mine = (han ? this.zhUnits : this.enUnits)[own];
    // A pair seen in at least two units, with a cosine of at least 0.35.
    if (mine.length >= 2) {
      const side = han ? 1 : 0;
      const other = han ? this.enUnits : this.zhUnits;
      const terms = han ? this.enTerms : this.zhTerms;
      // Counts into a dense array reused between calls (a Map here made a first query's common
      // words cost milliseconds each).
      const cnt = han ? (this.enCount ??= new Int32Array(this.enTerms.length)) : (this.zhCount ??= new Int32Array(this.zhTerms.length));
      const touched: number[] = [];
      for (const u of mine) for (const x of this.units[u][side]) if (cnt[x]++ === 0) touched.push(x);
      for (const x of touched) {
        const c = cnt[x];
        cnt[x] = 0;
        if (c < 2) continue;
        const score = c / Math.sqrt(mine.length * other[x].length);
        if (score >= 0.35) out.push({ term: terms[x], score });
      }
      out = out.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1)).slice(0, 3);
    }
    this.memo.set(term, out);
    return out;
  }
}

/**
 * The title-phrase bonus (see titlePhrase): score × (1 + PHRASE_WEIGHT × share), for the best
 * PHRASE_CANDIDATES results. Chinese only: on the leave-one-field-out dev half it lifted zh top-3
 * 68.7% → 70.5% at 1.5 (1 and 2 gave 70.3% and 70.1%); the same bonus over English word runs
 * lowered en top-1 at every weight tried (0.3 … 2).
 */
const PHRASE_WEIGHT = 1.5;
const PHRASE_CANDIDATES = 50;

/** The Han characters of a text, other characters as one separator. */
function hanRun(s: string): string {
  return s.replace(/[^\u4e00-\u9fff]+/g, ' ');
}

/** Length of the longest common run of two strings, `blank` never part of one (dynamic programming, one row). */
function longestRun(a: string, b: string, blank: string): number {
  let best = 0;
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = a[i - 1] === b[j - 1] && a[i - 1] !== blank ? diag + 1 : 0;
      if (row[j] > best) best = row[j];
      diag = up;
    }
  }
  return best;
}

/**
 * How much of an entry's Chinese title the query holds as one run of 3 Han characters or more,
 * as a share of the title's (0 … 1; both cut at 64 characters). `skip`: a field left out of the
 * index (leave-one-field-out evaluation).
 */
function titlePhrase(e: Entry, qHan: string, skip?: string): number {
  const zh = skip === 'title_zh' || e.titleDerived ? undefined : e.title.zh;
  if (!zh || !qHan.trim()) return 0;
  const t = hanRun(zh).slice(0, 64);
  const n = longestRun(qHan.slice(0, 64), t, ' ');
  const len = t.replace(/ /g, '').length;
  return n >= 3 && len ? Math.min(1, n / len) : 0;
}

export const FIELDS: { key: string; field: SearchField; boost: number; lang?: Lang }[] = [
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
  // A kit's name in the query ("mdm call timed out", "bluetooth …") narrows to that kit: 1.2 → 3
  // raised the symptom dev half's top-3 from 87.7 to 90.8 % with leave-one-field-out unchanged
  // (2.5 and 3 equal on dev; 4 lowered zh top-1).
  { key: 'kit', field: 'kit', boost: 3 },
  { key: 'apis', field: 'api', boost: 2 },
];

const stripMd = (s: string) => s.replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1').replace(/```[\s\S]*?```/g, ' ');

function docOf(e: Entry): string[] {
  const join = (xs: (string | undefined)[]) => stripMd(xs.filter(Boolean).join('\n'));
  const v = e.variants ?? [];
  const d: Record<string, string> = {
    // A derived title repeats the description: indexing it as a title would count those words twice.
    title_zh: join([e.titleDerived ? undefined : e.title.zh, ...v.map((x) => x.title.zh)]),
    title_en: join([e.titleDerived ? undefined : e.title.en, ...v.map((x) => x.title.en)]),
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
  return FIELDS.map((f) => d[f.key]);
}

export interface SearchIndexOptions {
  /**
   * The entries whose zh/en title pairs teach the cross-language table (default all; the
   * evaluation teaches it with the dev half only, so test-half entries never help themselves).
   */
  learnFrom?: (e: Entry, i: number) => boolean;
  /** Query words reach the other language's text through that table (default true). */
  crossLanguage?: boolean;
  /** Coverage counts each query concept by its IDF (default true; false: every concept counts 1). */
  idfCoverage?: boolean;
}

export class SearchIndex {
  readonly entries: Entry[];
  private index: InvertedIndex;
  private byCode = new Map<number, number[]>();

  private position = new Map<string, number>();
  /** Finds APIs and the entries of the codes they throw (the SDK index; absent in a bare index). */
  apiLookup?: (q: string) => { api: { name: string }; throws: { entries: Entry[] }[] }[];

  /** zh token → en tokens and back, learned from the registry's own zh/en title pairs. */
  private translations: TranslationTable | undefined;

  private idfCoverage: boolean;

  constructor(entries: Entry[], opts: SearchIndexOptions = {}) {
    this.entries = entries;
    this.idfCoverage = opts.idfCoverage ?? true;
    entries.forEach((e, i) => this.position.set(entryRef(e), i));
    this.index = new InvertedIndex(FIELDS, entries.map(docOf), tokenize);
    this.translations = opts.crossLanguage === false ? undefined : new TranslationTable(entries.filter((e, i) => opts.learnFrom?.(e, i) ?? true));
    entries.forEach((e, i) => {
      const l = this.byCode.get(e.code) ?? [];
      l.push(i);
      this.byCode.set(e.code, l);
    });
  }

  search(query: string, opts: SearchOptions = {}): SearchResult[] {
    return this.searchDetailed(query, opts).results;
  }

  /** English words of the indexed text (surface forms, for "did you mean"), built on first use. */
  private vocabulary?: Map<string, string[]>;
  private words(): Map<string, string[]> {
    if (this.vocabulary) return this.vocabulary;
    const byShape = new Map<string, Set<string>>();
    for (const e of this.entries) {
      const text = [e.title.en, ...e.messages, e.description?.en, ...(e.causes?.en ?? []), ...(e.solutions?.en ?? [])].join(' ');
      for (const m of text.matchAll(/[A-Za-z]{3,24}/g)) {
        const w = m[0].toLowerCase();
        const k = `${w[0]}${w.length}`;
        (byShape.get(k) ?? byShape.set(k, new Set()).get(k)!).add(w);
      }
    }
    this.vocabulary = new Map([...byShape].map(([k, v]) => [k, [...v].sort()]));
    return this.vocabulary;
  }

  /** The nearest indexed English word within two edits, for a word the index does not know. */
  private suggest(word: string): string | undefined {
    const w = word.toLowerCase();
    const max = w.length >= 7 ? 2 : 1;
    let best: string | undefined;
    let bestD = max + 1;
    for (let len = w.length - max; len <= w.length + max; len++) {
      for (const c of this.words().get(`${w[0]}${len}`) ?? []) {
        if (c === w) return undefined;
        for (let d = 1; d < bestD; d++) {
          if (withinEdits(w, c, d)) {
            best = c;
            bestD = d;
            break;
          }
        }
      }
    }
    return best;
  }

  /**
   * Results, and what a person needs when they are thin: `partial` when no result matches every
   * word of the query, and `didYouMean` (the query with unknown English words corrected) when a
   * word is not in the index but a near spelling is.
   */
  searchDetailed(query: string, opts: SearchOptions = {}): { results: SearchResult[]; partial: boolean; didYouMean?: string } {
    let full = 0;
    const results = this.run(query, opts, () => full++);
    let didYouMean: string | undefined;
    const words = query.match(/[A-Za-z]{3,24}/g) ?? [];
    const unknown = words.filter((w) => !tokenize(w).some((t) => this.index.has(t)));
    if (unknown.length) {
      let fixed = query;
      let changed = false;
      for (const w of unknown) {
        const s = this.suggest(w);
        if (s) {
          fixed = fixed.replace(w, s);
          changed = true;
        }
      }
      if (changed) didYouMean = fixed;
    }
    return { results, partial: results.length > 0 && full === 0, ...(didYouMean ? { didYouMean } : {}) };
  }

  private run(query: string, opts: SearchOptions, onFull: () => void): SearchResult[] {
    const limit = opts.limit ?? 10;
    const kitOk = (e: Entry) => !opts.kit || kitMatches(e.kit, opts.kit);
    const mask = FIELDS.map((f) => !opts.matchLang || !f.lang || f.lang === opts.matchLang);
    const exclude = opts.leaveOut ? { doc: opts.leaveOut.entry, field: FIELDS.findIndex((f) => f.key === opts.leaveOut!.field) } : undefined;
    const lang = opts.lang ?? (hasHan(query) ? 'zh' : 'en');
    const results = new Map<number, SearchResult>();

    // A number in the query that is a code puts that code's entries first; a quantity ("more than
    // 100 items", "超过256个字符") is a word of the text instead.
    const { codes, text } = splitNumbers(query);
    for (const m of codes) {
      for (const i of this.byCode.get(m) ?? []) {
        const e = this.entries[i];
        if (kitOk(e)) {
          results.set(i, this.result(e, 1000, 'code', lang));
          onFull();
        }
      }
    }
    // An API name (`RdbStore.insert`, `relationalStore.RdbStore.insert`, `@ohos.data.relationalStore`):
    // the codes it throws come first, each with the entry its @throws line means.
    const ident = query.trim();
    if (this.apiLookup && /^@?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$|^[a-z]+[A-Z]\w*$/.test(ident)) {
      for (const { api, throws } of this.apiLookup(ident).slice(0, 20)) {
        for (const t of throws) {
          for (const e of t.entries) {
            const i = this.position.get(entryRef(e));
            if (i === undefined || !kitOk(e)) continue;
            if (!results.has(i)) results.set(i, { ...this.result(e, 500, 'api', lang), via: api.name });
            onFull();
          }
        }
      }
    }
    if (text) {
      const q = expandQuery(text);
      // Each concept: its own tokens (1), synonyms (0.8), prefixes (0.6), near spellings (0.45).
      const expansions = new Map<string, { term: string; weight: number }[]>();
      const original = new Set(q.base);
      // An English thesaurus phrase the query says ("outgoing call") is matched as a phrase: its
      // words alone ("call") do not stand for the concept.
      // (On the dev halves: symptoms en top-3 95.2 → 93.7 %, one tie between two kits' "Notification
      // Disabled" reordered; leave-one-field-out en top-1 54.2 → 54.5 %; "outgoing call failed"
      // found Call Service Kit's codes at ranks 2–3 instead of past 100, behind "Failed to Call …".)
      const bound = new Set<string>();
      for (const term of q.concept.keys()) {
        const parts = term.split(' ');
        if (parts.length > 1 && !hasHan(term) && parts.every((p) => original.has(p))) {
          original.add(term);
          for (const p of parts) bound.add(p);
        }
      }
      for (const [term, id] of q.concept) {
        const forms = expansions.get(String(id)) ?? [];
        const w = original.has(term) ? 1 : 0.8;
        if (bound.has(term)) {
          expansions.set(String(id), forms);
          continue;
        }
        forms.push({ term, weight: w });
        // The other language's words for it (learned from the registry's aligned zh/en texts, see TranslationTable).
        if (original.has(term)) for (const x of this.translations?.get(term) ?? []) forms.push({ term: x.term, weight: XLANG_WEIGHT * x.score });
        if (!hasHan(term) && term.length >= 3 && /^[a-z]/.test(term) && !term.includes(' ')) {
          // Prefixes complete a word the index does not hold whole ("decompr" → decompress), not a
          // whole word ("call" → callee, callback: leave-one-field-out dev en top-1 53.9 → 54.2 %).
          if (!this.index.has(term)) for (const p of this.index.prefixTerms(term, 20)) forms.push({ term: p, weight: 0.6 * w });
          if (term.length >= 5 && (original.has(term) || !this.index.has(term))) {
            for (const f of this.index.fuzzyTerms(term, term.length >= 8 ? 2 : 1)) forms.push({ term: f, weight: 0.45 * w });
          }
        }
        expansions.set(String(id), forms);
      }
      const hits = this.index.search(expansions, mask, (d) => kitOk(this.entries[d]), exclude);
      // Coordination: entries that match more of the query's concepts rank higher, each concept
      // counted by how rare its words are (missing "call" or "failed" costs less than missing "dns").
      const conceptWeight = new Map<string, number>();
      for (const t of q.base) {
        const id = String(q.concept.get(t));
        conceptWeight.set(id, Math.max(conceptWeight.get(id) ?? 0, this.idfCoverage ? Math.max(0.5, this.index.idf(t)) : 1));
      }
      let totalWeight = 0;
      for (const w of conceptWeight.values()) totalWeight += w;
      for (const h of hits) {
        let matched = 0;
        for (const id of h.terms) matched += conceptWeight.get(id) ?? 0;
        const coverage = Math.min(1, matched / Math.max(1e-9, totalWeight));
        if (coverage >= 1) onFull();
        const score = h.score * coverage ** COVERAGE_EXP;
        const prev = results.get(h.doc);
        if (prev) prev.score += score;
        else results.set(h.doc, this.result(this.entries[h.doc], score, FIELDS[h.bestField].field, lang));
      }
    }
    const order = (a: SearchResult, b: SearchResult) => b.score - a.score || a.code - b.code || (a.kit.id < b.kit.id ? -1 : 1);
    const ranked = [...results.values()].sort(order);
    const qHan = hanRun(text);
    if (qHan.trim()) {
      // A run of the query that is a run of an entry's title ("自签名证书" in "自签名证书校验不通过")
      // says more than the same words scattered: the best candidates get a bonus for it.
      const top = ranked.slice(0, PHRASE_CANDIDATES);
      for (const r of top) {
        const i = this.position.get(entryRef(r.entry));
        const skip = exclude && exclude.doc === i ? FIELDS[exclude.field].key : undefined;
        r.score *= 1 + PHRASE_WEIGHT * titlePhrase(r.entry, qHan, skip);
      }
      ranked.sort(order);
    }
    return ranked
      .slice(0, limit)
      .map((r) => ({ ...r, score: Math.round(r.score * 1000) / 1000 }));
  }

  private result(e: Entry, score: number, field: SearchField, lang: Lang): SearchResult {
    return { code: e.code, kit: e.kit, page: { id: e.page.id }, title: e.title[lang] ?? e.title[lang === 'zh' ? 'en' : 'zh'], score, field, entry: e };
  }
}


let shared: { key: string; index: SearchIndex } | undefined;

/** The index over the shipped registry (+ the user's overlay), built once per process. */
export function defaultIndex(opts: { overlay?: boolean } = {}): SearchIndex {
  const key = opts.overlay === false ? 'shipped' : `overlay:${overlayPath()}`;
  if (shared?.key !== key) {
    const entries = [...readRegistry().entries, ...(opts.overlay === false ? [] : readOverlay().entries)];
    shared = { key, index: new SearchIndex(entries) };
    shared.index.apiLookup = (q) => codesFor(q, { overlay: opts.overlay });
  }
  return shared.index;
}

/** Search with the partial-match flag and spelling suggestion (see SearchIndex.searchDetailed). */
export function searchDetailed(query: string, opts: SearchOptions = {}): ReturnType<SearchIndex['searchDetailed']> {
  return defaultIndex({ overlay: opts.overlay }).searchDetailed(query, opts);
}

/** Search every entry, both languages. Best first. */
export function search(query: string, opts: SearchOptions = {}): SearchResult[] {
  return defaultIndex({ overlay: opts.overlay }).search(query, opts);
}
