/**
 * A small inverted index with BM25F scoring, prefix expansion and bounded-edit-distance fuzzy
 * terms, for the ~2k entries of the registry.
 *
 * Written here instead of using MiniSearch (which we used first): with the same tokenizer on this
 * registry MiniSearch builds in ~500 ms and answers at p50 ~1.7 ms / p99 ~13 ms — slower than a
 * plain linear scan — while this index builds in ~150 ms and answers at p50 ~0.25 ms / p99 ~2 ms.
 * `npm run bench` measures all three in one run.
 */
export interface FieldDef {
  key: string;
  boost: number;
}

/** Postings of one term, flat: doc, field, tf, doc, field, tf, … (cheaper than objects). */
type Postings = number[];

export interface Hit {
  doc: number;
  score: number;
  /** Query terms (as given) that matched, and the best field index for each doc. */
  terms: Set<string>;
  bestField: number;
}

const K1 = 1.2;
/**
 * Full length normalisation: a word in a short field (a title, a message) counts for more than
 * the same word in a long list of causes. 0.75 → 1 on the dev halves: symptoms en top-1 74.0 →
 * 76.7 %, top-3 91.8 → 93.2 % (zh unchanged); leave-one-field-out (table learned from other dev
 * entries) zh MRR 0.677 → 0.679, en 0.659 → 0.664. (0.5 lowered all four; K1 0.8 and 1.6 no better.)
 */
const B = 1;

export class InvertedIndex {
  private postings = new Map<string, Postings>();
  private df = new Map<string, number>();
  private sortedTerms: string[] = [];
  private byShape = new Map<string, string[]>();
  private fieldLen: Float64Array[];
  private avgLen: number[];
  private docs = 0;

  constructor(
    readonly fields: FieldDef[],
    docs: string[][],
    tokenize: (text: string) => string[],
  ) {
    this.docs = docs.length;
    this.fieldLen = fields.map(() => new Float64Array(docs.length));
    const totals = fields.map(() => 0);
    docs.forEach((doc, d) => {
      doc.forEach((text, f) => {
        if (!text) return;
        const toks = tokenize(text);
        this.fieldLen[f][d] = toks.length;
        totals[f] += toks.length;
        const tf = new Map<string, number>();
        for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
        for (const [t, n] of tf) {
          let list = this.postings.get(t);
          if (!list) this.postings.set(t, (list = []));
          if (!list.length || list[list.length - 3] !== d) this.df.set(t, (this.df.get(t) ?? 0) + 1);
          list.push(d, f, n);
        }
      });
    });
    this.avgLen = totals.map((t) => t / Math.max(1, docs.length) || 1);
    this.sortedTerms = [...this.postings.keys()].sort();
    for (const t of this.sortedTerms) {
      if (!/^[a-z]/.test(t)) continue;
      const k = `${t[0]}${t.length}`;
      const l = this.byShape.get(k);
      if (l) l.push(t);
      else this.byShape.set(k, [t]);
    }
  }

  get termCount(): number {
    return this.postings.size;
  }

  /** Inverse document frequency of a term (BM25's). */
  idf(t: string): number {
    const n = this.df.get(t) ?? 0;
    return Math.log(1 + (this.docs - n + 0.5) / (n + 0.5));
  }

  /** Terms starting with `prefix` (at most `max`), from the sorted term list. */
  prefixTerms(prefix: string, max = 40): string[] {
    let lo = 0;
    let hi = this.sortedTerms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sortedTerms[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.sortedTerms.length && out.length < max && this.sortedTerms[i].startsWith(prefix); i++) {
      if (this.sortedTerms[i] !== prefix) out.push(this.sortedTerms[i]);
    }
    return out;
  }

  /** Terms within `maxEdits` edits of `term`, same first letter, length within maxEdits. */
  fuzzyTerms(term: string, maxEdits: number): string[] {
    const out: string[] = [];
    for (let len = term.length - maxEdits; len <= term.length + maxEdits; len++) {
      for (const cand of this.byShape.get(`${term[0]}${len}`) ?? []) {
        if (cand !== term && withinEdits(term, cand, maxEdits)) out.push(cand);
      }
    }
    return out;
  }

  private phrases = new Map<string, Postings | undefined>();
  /**
   * Postings of a phrase of tokens ("outgo call"): the fields that hold every one of them, with
   * the least of their counts. Phrases come from the synonym lines only (a bounded set), computed
   * on first use.
   */
  private phrasePostings(phrase: string): Postings | undefined {
    if (this.phrases.has(phrase)) return this.phrases.get(phrase);
    const parts = phrase.split(' ').map((t) => this.postings.get(t));
    let out: Postings | undefined;
    if (parts.every(Boolean)) {
      // doc × fields + field → the least tf so far, over the parts in turn.
      const key = (d: number, f: number) => d * this.fields.length + f;
      let cur = new Map<number, number>();
      const first = parts[0]!;
      for (let k = 0; k < first.length; k += 3) cur.set(key(first[k], first[k + 1]), first[k + 2]);
      for (const list of parts.slice(1)) {
        const next = new Map<number, number>();
        for (let k = 0; k < list!.length; k += 3) {
          const c = key(list![k], list![k + 1]);
          const tf = cur.get(c);
          if (tf !== undefined) next.set(c, Math.min(tf, list![k + 2]));
        }
        cur = next;
      }
      out = [];
      for (const [c, tf] of [...cur].sort((a, b) => a[0] - b[0])) out.push(Math.floor(c / this.fields.length), c % this.fields.length, tf);
      if (!out.length) out = undefined;
    }
    this.phrases.set(phrase, out);
    return out;
  }

  private phraseIdfs = new Map<string, number>();
  /** A phrase is as rare as the documents that hold all its tokens (BM25's idf over them). */
  private phraseIdf(phrase: string): number {
    let idf = this.phraseIdfs.get(phrase);
    if (idf === undefined) {
      const list = this.phrasePostings(phrase);
      const docs = new Set<number>();
      for (let k = 0; list && k < list.length; k += 3) docs.add(list[k]);
      idf = Math.log(1 + (this.docs - docs.size + 0.5) / (docs.size + 0.5));
      this.phraseIdfs.set(phrase, idf);
    }
    return idf;
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /**
   * Score documents for weighted terms. `expansions` maps each query term to the index terms it
   * stands for with a weight (1 for itself, less for prefix / fuzzy / synonym forms).
   */
  /** Per-document scratch for `search` (one set per index: a search runs to its end before the next). */
  private scratch?: { pScore: Float64Array; pTop: Float64Array; pField: Int32Array; pSeen: Uint8Array; bScore: Float64Array; bField: Int32Array; bSeen: Uint8Array };

  search(expansions: Map<string, { term: string; weight: number }[]>, fieldMask: boolean[], accept?: (doc: number) => boolean, exclude?: { doc: number; field: number }): Hit[] {
    // Per-document sums in typed arrays with a list of the documents touched, not a Map per form
    // and per term (the same sums in the same order: results are identical).
    const n = this.docs;
    const sc = (this.scratch ??= { pScore: new Float64Array(n), pTop: new Float64Array(n), pField: new Int32Array(n), pSeen: new Uint8Array(n), bScore: new Float64Array(n), bField: new Int32Array(n), bSeen: new Uint8Array(n) });
    const hits = new Map<number, Hit>();
    const pDocs: number[] = [];
    const bDocs: number[] = [];
    for (const [queryTerm, forms] of expansions) {
      // Per doc, the best-scoring form of this query term counts once.
      for (const { term, weight } of forms) {
        const list = term.includes(' ') ? this.phrasePostings(term) : this.postings.get(term);
        if (!list) continue;
        const idf = (term.includes(' ') ? this.phraseIdf(term) : this.idf(term)) * weight;
        for (let k = 0; k < list.length; k += 3) {
          const doc = list[k];
          const field = list[k + 1];
          const tf = list[k + 2];
          if (!fieldMask[field]) continue;
          if (exclude && doc === exclude.doc && field === exclude.field) continue;
          const len = this.fieldLen[field][doc];
          const norm = tf / (tf + K1 * (1 - B + (B * len) / this.avgLen[field]));
          const s = idf * this.fields[field].boost * norm * (K1 + 1);
          if (!sc.pSeen[doc]) {
            sc.pSeen[doc] = 1;
            pDocs.push(doc);
            sc.pScore[doc] = s;
            sc.pTop[doc] = s;
            sc.pField[doc] = field;
          } else {
            sc.pScore[doc] += s;
            if (s > sc.pTop[doc]) {
              sc.pTop[doc] = s;
              sc.pField[doc] = field;
            }
          }
        }
        for (const doc of pDocs) {
          sc.pSeen[doc] = 0;
          if (!sc.bSeen[doc]) {
            sc.bSeen[doc] = 1;
            bDocs.push(doc);
            sc.bScore[doc] = sc.pScore[doc];
            sc.bField[doc] = sc.pField[doc];
          } else if (sc.pScore[doc] > sc.bScore[doc]) {
            sc.bScore[doc] = sc.pScore[doc];
            sc.bField[doc] = sc.pField[doc];
          }
        }
        pDocs.length = 0;
      }
      for (const doc of bDocs) {
        sc.bSeen[doc] = 0;
        if (accept && !accept(doc)) continue;
        const field = sc.bField[doc];
        let h = hits.get(doc);
        if (!h) hits.set(doc, (h = { doc, score: 0, terms: new Set(), bestField: field }));
        h.score += sc.bScore[doc];
        h.terms.add(queryTerm);
        if (this.fields[field].boost > this.fields[h.bestField].boost) h.bestField = field;
      }
      bDocs.length = 0;
    }
    return [...hits.values()];
  }
}

/** Levenshtein distance ≤ max, computed in a band (O(n·max)). */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return false;
    prev = cur;
  }
  return prev[b.length] <= max;
}
