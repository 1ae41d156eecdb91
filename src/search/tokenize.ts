/**
 * Tokens for bilingual search.
 * - Chinese: words from `Intl.Segmenter('zh')` plus character bigrams of every Han run, so a query
 *   written without spaces ("图片没有主体") meets documents worded differently ("没有显著性主体的图片").
 * - Latin: lower-cased words, camelCase / snake_case parts as well as the whole identifier
 *   (`createAudioCapturer` → createaudiocapturer, create, audio, capturer), and a light stem.
 */
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
/**
 * Made on first use: creating it loads ICU's word-break data (~3 MB of RSS in each thread), and
 * `scan`'s threads import this module (through the matcher) without ever segmenting.
 */
let segmenter: Intl.Segmenter | undefined;

import { stemmer } from 'stemmer';
import { SYNONYMS } from './synonyms.js';

/** Porter stem of a lower-case word ("decoding", "decode" → "decod"); identifiers with digits stay. */
const stemCache = new Map<string, string>();
export function stem(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  let s = stemCache.get(w);
  if (s === undefined) {
    s = stemmer(w);
    if (stemCache.size < 200_000) stemCache.set(w, s);
  }
  return s;
}

const STOP = new Set(['the', 'a', 'an', 'of', 'to', 'is', 'in', 'and', 'or', 'for', 'be', 'on', 'it', 'this', 'that', 'with', 'by', 'as', 'at', 'are', 'was', 'not', 'i', 'my', 'me', 'when', 'why', 'how', 'do', 'does', 'can', 'cannot']);
const ZH_STOP = new Set(['的', '了', '是', '在', '和', '或', '时', '为', '我', '吗', '呢', '怎么', '什么', '为什么', '一个', '如何', '出现', '报错', '提示']);

function latinWord(word: string, out: string[]) {
  if (word.charCodeAt(0) <= 57) {
    out.push(word); // digits
    return;
  }
  const lower = word.toLowerCase();
  if (!/[a-z0-9][A-Z]|[_$]/.test(word)) {
    if (!STOP.has(lower)) out.push(stem(lower));
    return;
  }
  out.push(lower);
  const parts = word
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
    .split(/[\s_$]+/);
  for (const p of parts) {
    const l = p.toLowerCase();
    if (l && !STOP.has(l)) out.push(stem(l));
  }
}

/** Documents: every character bigram of a Han run (a lone character stands for itself). */
function hanDocTokens(run: string, out: string[]) {
  const chars = [...run];
  if (chars.length === 1) {
    out.push(run);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
}

/**
 * Queries: segment into words first, then take the bigrams inside each word, so the bigrams that
 * straddle two words of the query ("片没" in 图片没有) do not dilute it; stop words are dropped.
 */
function hanQueryTokens(run: string, out: string[]) {
  // Characters the segmenter leaves alone (域 名 for 域名) are joined back into one run.
  let singles = '';
  const flush = () => {
    if (singles) hanDocTokens(singles, out);
    singles = '';
  };
  for (const s of (segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' })).segment(run)) {
    if (!s.isWordLike || ZH_STOP.has(s.segment)) {
      flush();
      continue;
    }
    if ([...s.segment].length === 1) {
      singles += s.segment;
      continue;
    }
    flush();
    hanDocTokens(s.segment, out);
  }
  flush();
}

/** Tokens of an indexed document (fast: no segmentation). */
export function tokenize(text: string): string[] {
  return tokens(text, hanDocTokens);
}

/** Tokens of a query. */
export function tokenizeQuery(text: string): string[] {
  return [...new Set(tokens(text, hanQueryTokens))];
}

/** Synonym lines as token sets, built once. */
let synonymTokens: { phrase: string[]; han: string[]; lossy: { words: string; tokens: string[] }[]; all: Set<string> }[] | undefined;
function synonymSets() {
  synonymTokens ??= SYNONYMS.map((line) => {
    const all = new Set<string>();
    // A phrase that lost words to the stop list ("not authorized" → "author") would match the
    // wrong queries by its tokens: it is matched by its words in the query's text instead
    // ("is not connected"), and its tokens are not added to the line.
    const lossy: { words: string; tokens: string[] }[] = [];
    const phrases = line.map((w) => {
      const toks = tokens(w, hanDocTokens);
      const words = w.split(/\s+/).filter((x) => /[a-z]/i.test(x)).length;
      if (hasHan(w) || toks.length === words) return toks;
      lossy.push({ words: ` ${plainWords(w)} `, tokens: toks });
      return [];
    });
    // A phrase of several tokens is one term, "outgo call": it matches a field that holds all of
    // them (see InvertedIndex). Its tokens alone would let "call" stand for 去电.
    for (const p of phrases) if (p.length) all.add(p.join(' '));
    return { phrase: phrases.map((p) => p.join(' ')), han: line.filter((w) => hasHan(w)), lossy, all };
  });
  return synonymTokens;
}

/**
 * Lower-case words separated by single spaces, contractions spelt out as the tokenizer reads them
 * ("isn't taken effect" → "is not taken effect", "it's" → "it", "cannot" → "can not"), so that a thesaurus phrase with
 * a stop word ("not taken effect") is found whichever way the query writes it.
 */
function plainWords(s: string): string {
  return s
    .toLowerCase()
    // Every word is consumed, with or without a contraction (linear: no restart inside a word).
    .replace(/[a-z][a-z0-9_$]*(?:['\u2019](?:t|s|re|ve|ll|d|m)(?![a-z]))?/g, spellOut)
    .replace(/\bcannot\b/g, 'can not')
    .replace(/[^a-z0-9\u3400-\u9fff]+/g, ' ')
    .trim();
}

/**
 * A query as concepts: each original token is one concept; a token (or phrase) from a synonym line
 * brings the line's other tokens into the same concept. Returns every token to search and which
 * concept each belongs to, so coverage counts concepts, not expansions.
 */
export function expandQuery(text: string): { base: string[]; terms: string[]; concept: Map<string, number>; concepts: number } {
  const base = tokenizeQuery(text);
  const concept = new Map<string, number>();
  base.forEach((t, i) => concept.set(t, i));
  const joined = ' ' + base.join(' ') + ' ';
  const words = ` ${plainWords(text)} `;
  for (const line of synonymSets()) {
    const hit = line.phrase.find((p) => p && joined.includes(' ' + p + ' '));
    // A Chinese word of the line found in the query's text: the query's segmentation may cut it
    // otherwise than the bigrams the line has (云 空间 in 云空间不可用); its tokens inside it join.
    const han = hit ? undefined : line.han.find((w) => text.includes(w));
    // A phrase with a stop word ("not connected") found as words in the query's text.
    const lossy = hit || han ? undefined : line.lossy.find((p) => words.includes(p.words));
    const members = hit ? hit.split(' ') : han ? base.filter((t) => hasHan(t) && han.includes(t)) : lossy ? lossy.tokens.filter((t) => base.includes(t)) : [];
    if (!members.length) continue;
    const id = concept.get(members[0])!;
    for (const t of members) concept.set(t, id);
    for (const t of line.all) if (!concept.has(t)) concept.set(t, id);
  }
  return { base, terms: [...concept.keys()], concept, concepts: new Set(base.map((t) => concept.get(t))).size };
}

/** A Latin word may end in an English contraction ("isn't", "it's", "we've"): see spellOut(). */
const RUNS = /[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z][A-Za-z0-9_$]*(?:['\u2019](?:t|s|re|ve|ll|d|m)(?![A-Za-z]))?|\d+/g;

/** Negations whose stem is not the word before "n't". */
const IRREGULAR_NOT: Record<string, string> = { can: 'can', won: 'will', shan: 'shall', ain: 'is' };

/**
 * A word with its contraction spelt out: "isn't" → "is not", "doesn't" → "does not", "can't" →
 * "can not", "won't" → "will not", "it's" → "it", "we've" → "we"; other words as they are.
 * Before, "isn't" gave the tokens "isn" and "t", which no entry has: they lowered every entry's
 * coverage and drew in prefix and near-spelling matches ("doesn" → "does…"). The tokenizer then
 * drops "not", a stop word.
 */
function spellOut(run: string): string {
  const q = run.search(/['\u2019]/);
  if (q < 0) return run;
  const word = run.slice(0, q);
  if ((run[q + 1] !== 't' && run[q + 1] !== 'T') || !/n$/i.test(word)) return word;
  return `${IRREGULAR_NOT[word.toLowerCase()] ?? word.slice(0, -1)} not`;
}

function tokens(text: string, hanTokens: (run: string, out: string[]) => void): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(RUNS)) {
    const run = m[0];
    const c = run.charCodeAt(0);
    if (c >= 0x3400) hanTokens(run, out);
    else if (run.includes("'") || run.includes('\u2019')) for (const w of spellOut(run).split(' ')) latinWord(w, out);
    else latinWord(run, out);
  }
  return out;
}

export function hasHan(text: string): boolean {
  return HAN.test(text);
}
