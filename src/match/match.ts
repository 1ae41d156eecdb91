/**
 * Match the text an app received or logged back to the codes whose message template produces it.
 *
 * A template is cut into literal segments and `${name}` placeholders. Matching walks the segments
 * over the cleaned-up input, case- and whitespace-insensitively, a placeholder taking the shortest
 * text that lets the rest match (backtracking). An input that ends inside the template matches as
 * truncated. No match → fuzzy candidates scored by word overlap, then near misses.
 */
import { readRegistry } from '../registry/store.js';
import { readOverlay, overlayPath } from '../registry/overlay.js';
import type { Entry, KitRef } from '../registry/types.js';
import { tokenize } from '../search/tokenize.js';
import { kitMatches } from '../lookup/lookup.js';
import { collapseBlanks, isSpace, trimEndChars, trimEndWhile } from '../util/text.js';

export interface MatchCandidate {
  code: number;
  kit: KitRef;
  page: { id: string };
  template: string;
  /** The whole template matched (placeholders as wildcards); false for fuzzy and near misses. */
  exact: boolean;
  /** The input stopped inside the template (a cut-off log line). */
  truncated?: boolean;
  /** What `${messageInfo}` (or the template's first placeholder) stood for. */
  messageInfo?: string;
  /** Every placeholder's value, when the template has several. */
  values?: Record<string, string>;
  score: number;
  /** 1-based rank; candidates that are equally good share a rank. */
  rank: number;
  /** A weak fuzzy candidate shown only because nothing matched. */
  nearMiss?: boolean;
  entry: Entry;
}

export interface MatchResult {
  /** The message the matcher compared, after removing prefixes, quotes and noise. */
  text: string;
  /** A code stated in the input itself (`code: 401`), if any. */
  statedCode?: number;
  candidates: MatchCandidate[];
}

export type Segment = { lit: string } | { ph: string };

interface Template {
  entry: Entry;
  template: string;
  segments: Segment[];
  /** Its words, for fuzzy scores: computed on first use (scan never needs them). */
  tokens?: Set<string>;
  /** Its longest literal segment, lower-cased and trimmed: a text without it cannot match in full. */
  anchor: string;
  /** Its last characters (see `tailOf`); undefined when it ends with a placeholder. */
  tail?: string;
}

const END_CHARS = 16;
/** What cleaning may trim from a message's end, besides blanks (cleanMessage, stripNoise). */
const TRIMMED = new Set([...'.。!！"\'”’`)']);

/**
 * The last END_CHARS non-blank characters of a text after what cleaning trims from its end, each
 * lower-cased: a complete match of a template ends with the template's own tail.
 */
function tailOf(s: string): string {
  let i = s.length;
  while (i > 0 && (TRIMMED.has(s[i - 1]) || isSpace(s[i - 1]))) i--;
  let out = '';
  for (let n = 0; i > 0 && n < END_CHARS; i--) {
    const c = s[i - 1];
    if (c === ' ' || isSpace(c)) continue;
    out = c.toLowerCase() + out;
    n++;
  }
  return out;
}

function templateTail(segments: Segment[]): string | undefined {
  const last = segments[segments.length - 1];
  return last && 'lit' in last ? tailOf(last.lit) || undefined : undefined;
}

const WS = /[\s\u00a0\u3000]+/g;

export function compileTemplate(t: string): Segment[] {
  const segs: Segment[] = [];
  let last = 0;
  // Some pages lost the `${}` around the placeholder ("Error message: messageInfo."): the bare
  // word `messageInfo` is never runtime text, so it is the placeholder too.
  for (const m of t.matchAll(/\$\{([^{}]+)\}|\b(messageInfo)\b/g)) {
    m[1] ??= m[2];
    if (m.index! > last) segs.push({ lit: collapseBlanks(t.slice(last, m.index)) === '' ? ' ' : t.slice(last, m.index).replace(WS, ' ') });
    segs.push({ ph: m[1] });
    last = m.index! + m[0].length;
  }
  if (last < t.length) segs.push({ lit: t.slice(last).replace(WS, ' ') });
  // Trailing punctuation is optional in what apps log: drop it from the template's end.
  const tail = segs[segs.length - 1];
  if (tail && 'lit' in tail) {
    tail.lit = trimEndWhile(tail.lit, (c) => isSpace(c) || '.。!！'.includes(c));
    if (!tail.lit) segs.pop();
  }
  // What an input loses in cleaning (leading blanks, quotes, an opening parenthesis), the
  // template's start loses too, so that a template beginning with "(" still matches itself.
  if (segs[0] && 'lit' in segs[0]) {
    segs[0].lit = segs[0].lit.replace(/^[\s"'“‘`(]+/, '');
    if (!segs[0].lit) segs.shift();
  }
  return segs;
}

interface Hit {
  values: Record<string, string>;
  truncated: boolean;
}

/** Case-insensitive equality of two characters (ASCII without allocating). */
const eqi = (a: string, b: string) => {
  if (a === b) return true;
  const x = a.charCodeAt(0);
  const y = b.charCodeAt(0);
  if (x < 0x80 && y < 0x80) return (x | 0x20) === (y | 0x20) && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7a;
  return a.toLowerCase() === b.toLowerCase();
};

/** Match `input` (already collapsed) against segments; placeholders must capture ≥ 1 char. */
export function matchSegments(segs: Segment[], input: string, allowTruncated = true): Hit | undefined {
  const values: Record<string, string> = {};
  const litTotal = segs.reduce((n, s) => n + ('lit' in s ? s.lit.length : 0), 0);
  // A cut-off input must still have matched real template text, not just a placeholder.
  const minLit = Math.min(10, litTotal);
  let litSeen = 0;
  const walk = (si: number, pos: number): Hit | undefined => {
    if (si === segs.length) return pos === input.length ? { values: { ...values }, truncated: false } : undefined;
    const seg = segs[si];
    if ('lit' in seg) {
      const lit = seg.lit;
      let i = 0;
      let p = pos;
      while (i < lit.length) {
        if (p === input.length) return allowTruncated && litSeen + i >= minLit && litSeen + i > 0 ? { values: { ...values }, truncated: true } : undefined;
        const a = lit[i];
        const b = input[p];
        if (a === ' ' && b !== ' ') {
          i++; // the input may omit a space the template has
          continue;
        }
        if (b === ' ' && a !== ' ') {
          p++;
          continue;
        }
        if (!eqi(a, b)) return undefined;
        i++;
        p++;
      }
      litSeen += lit.length;
      const r = walk(si + 1, p);
      litSeen -= lit.length;
      return r;
    }
    // Placeholder: the shortest capture that lets the rest match in full; failing that, a
    // capture that lets the input end inside the template (truncated).
    let fallback: Hit | undefined;
    for (let end = pos + 1; end <= input.length; end++) {
      values[seg.ph] = input.slice(pos, end).trim();
      const r = walk(si + 1, end);
      if (r && !r.truncated) return r;
      if (r && !fallback) fallback = r;
    }
    // The input may also end inside this placeholder, once enough literal text has matched.
    if (!fallback && allowTruncated && pos < input.length && litSeen >= minLit && litSeen > 0) {
      values[seg.ph] = input.slice(pos).trim();
      fallback = { values: { ...values }, truncated: true };
    }
    delete values[seg.ph];
    return fallback;
  };
  return walk(0, 0);
}

/** Remove what surrounds a message in logs and error objects; also find a stated code. */
export function cleanMessage(raw: string): { text: string; statedCode?: number; variants: string[] } {
  let t = (raw.includes('\n') ? raw.replace(/\r?\n/g, ' ') : raw).trim();
  let statedCode: number | undefined;
  const variants: string[] = [];
  // JSON.stringify(err): {"code":401,"message":"…"}
  const json = jsonMessage(t);
  if (json) {
    try {
      const obj = JSON.parse(json[0]) as { code?: unknown; message?: unknown };
      if (typeof obj.code === 'number') statedCode = obj.code;
      if (typeof obj.message === 'string') t = obj.message;
    } catch {
      t = json[1];
    }
  }
  const code = /\b(?:err(?:or)?[\s_-]?code|code)\s*(?:(?:is|[:=：])\s*)?(-?\d{3,})\b/i.exec(t) ?? /错误码\s*(?:[:：]\s*)?(-?\d{3,})/.exec(t);
  if (code && statedCode === undefined) statedCode = Number(code[1]);
  // "code: 401, message: …" / "Code is 401, message is …" → the message part.
  const msg = /(?:^|[\s,;，；])(?:err(?:or)?[\s_-]?)?(?:message|msg)[ \t]*(?:is|[:=：])[ \t]*(\S[\s\S]*)$/i.exec(t) ?? /错误信息[ \t]*[:：][ \t]*(\S[\s\S]*)$/.exec(t);
  // Some templates contain "Error message: …" themselves: keep the unextracted text as a variant.
  if (msg) {
    variants.push(stripNoise(t));
    t = msg[1];
  }
  t = stripNoise(t);
  // "request failed: Operation timeout." — what follows a colon may be the message itself. The
  // first few colons only: each variant costs a pass over the rest of the text (a line made of
  // thousands of "message: " would otherwise be quadratic).
  let colons = 0;
  for (const m of t.matchAll(/[:：]\s+/g)) {
    if (++colons > 4) break;
    const rest = t.slice(m.index! + m[0].length);
    if (rest.length >= 8) variants.push(stripNoise(rest));
  }
  const text = collapseBlanks(t);
  const all = [...new Set([text, ...variants.map(collapseBlanks)])].filter(Boolean);
  return { text, ...(statedCode !== undefined ? { statedCode } : {}), variants: all };
}

// recheck: bounded — applied to the last TAIL characters only (stripTrailingCode).
const TRAILING_CODE = /\s*[(（[]\s*(?:code|err(?:or)?\s*code)\s*[:=]?\s*-?\d+\s*[)）\]]\s*$/i;
// recheck: bounded — applied to the last TAIL characters only (stripTrailingCode).
const TRAILING_CODE_2 = /[,;，；]?\s*(?:code|err(?:or)?\s*code)\s*[:=]\s*-?\d+\s*$/i;
const TAIL = 120;

/** "… (code 201)" / "…, code: 401" at the end of a message: cut, looking at the tail only. */
function stripTrailingCode(t: string): string {
  const head = t.slice(0, Math.max(0, t.length - TAIL));
  const tail = t.slice(head.length).replace(TRAILING_CODE, '').replace(TRAILING_CODE_2, '');
  return head + tail;
}

/**
 * JSON.stringify(err) inside a line: the `{…}` object holding a "message" string. Found with
 * indexOf and a sticky pattern from there, so a line full of braces or quotes stays linear.
 */
function jsonMessage(t: string): [string, string] | undefined {
  const at = t.indexOf('"message"');
  if (at < 0) return undefined;
  const open = t.lastIndexOf('{', at);
  if (open < 0 || t.lastIndexOf('}', at) > open) return undefined;
  const STR = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/y;
  STR.lastIndex = at;
  const m = STR.exec(t);
  if (!m) return undefined;
  const close = t.indexOf('}', STR.lastIndex);
  if (close < 0) return undefined;
  return [t.slice(open, close + 1), m[1]];
}

function stripNoise(input: string): string {
  let t = input;
  for (let i = 0; i < 4; i++) {
    const before = t;
    t = t
      .trim()
      .replace(/^(?:uncaught\s+)?(?:\w*Error|BusinessError|Exception|error message|message|msg|reason|err|error|错误信息|错误)\s*[:：=]\s*/i, '')
      .replace(/^\[[^\]]{0,40}\]\s*/, '')
      .replace(/^["'“‘`(]+/, '');
    t = trimEndChars(t, `"'”’\`)`);
    t = stripTrailingCode(t);
    t = trimEndWhile(t, (c) => isSpace(c) || '.。!！'.includes(c));
    if (t === before) break;
  }
  return t;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return (2 * n) / (a.size + b.size);
}

/** A template's longest literal part, lower-cased and trimmed. */
function anchorOf(segments: Segment[]): string {
  return segments.reduce((a, s) => ('lit' in s && s.lit.trim().length > a.length ? s.lit.trim().toLowerCase() : a), '');
}

/** A trie edge's key: small integers for ASCII (V8 hashes those fastest), negative ones for the rest. */
function edgeKey(node: number, c: number): number {
  return c < 0x80 ? node * 0x80 + c : -(node * 0x10000 + c);
}

/** Templates are bucketed by up to this many first characters. */
const HEAD = 16;

/**
 * The first `HEAD` non-blank characters of a text, each lower-cased on its own: what
 * `matchSegments` compares (case-insensitively, skipping blanks on either side), so a text can only
 * match a template whose head is a prefix of its own.
 */
function heads(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length && out.length < HEAD; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) continue;
    out.push(foldKey(c, s[i]));
  }
  return out;
}

/**
 * A character's bucket: its lower-case code (ASCII), or the first code of its lower case. Equal
 * characters as eqi sees them share a bucket (a bucket may hold more: it only narrows the search).
 */
function foldKey(c: number, ch: string): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
  return ch.toLowerCase().charCodeAt(0);
}

export class Matcher {
  private templates: Template[] = [];
  private maskedTwin: { fn: (s: string) => string; matcher: Matcher } | undefined;
  /**
   * Templates by the first HEAD non-blank characters of their first literal (fewer when it is
   * shorter), in a trie of numbered nodes (0 the root): the edge from node n by character key c
   * is `edges.get(edgeKey(n, c))`, and `here` holds the templates whose head ends at a node.
   * One map for all edges, not one per node: the 16,807 nodes of the shipped templates took
   * ~4.5 MB of heap as objects with a Map each (each scan thread builds its own matcher).
   */
  private edges = new Map<number, number>();
  private nodes = 1;
  private here = new Map<number, Template[]>();
  private wildStart: Template[] = [];

  private byCode: Map<number, Entry[]> | undefined;
  /** The entries of a code among this matcher's entries (in their order), as `lookup` gives them. */
  entriesOf(code: number): Entry[] {
    if (!this.byCode) {
      this.byCode = new Map();
      for (const e of this.entries) {
        const list = this.byCode.get(e.code);
        if (list) list.push(e);
        else this.byCode.set(e.code, [e]);
      }
    }
    return this.byCode.get(code) ?? [];
  }

  /** `transform`: applied to every literal part of every template (see `masked`). */
  constructor(
    private entries: Entry[],
    opts: { transform?: (literal: string) => string } = {},
  ) {
    const tr = opts.transform;
    for (const entry of entries) {
      const seen = new Set<string>();
      for (const m of [...entry.messages, ...(entry.variants ?? []).flatMap((v) => v.messages ?? [])]) {
        const template = m.split('\n')[0].trim();
        if (!template || seen.has(template)) continue;
        seen.add(template);
        let segments = compileTemplate(template);
        if (!segments.length) continue;
        if (tr) segments = segments.map((g) => ('lit' in g ? { lit: tr(g.lit) } : g));
        this.add({ entry, template, segments, anchor: anchorOf(segments), tail: templateTail(segments) });
      }
    }
  }

  private add(t: Template) {
    this.templates.push(t);
    const first = t.segments[0];
    const head = 'lit' in first ? heads(first.lit) : [];
    if (!head.length) return this.wildStart.push(t);
    let node = 0;
    for (const c of head) {
      const k = edgeKey(node, c);
      let next = this.edges.get(k);
      if (next === undefined) this.edges.set(k, (next = this.nodes++));
      node = next;
    }
    const list = this.here.get(node);
    if (list) list.push(t);
    else this.here.set(node, [t]);
  }

  /**
   * The same templates with `transform` applied to every literal part (placeholders stay): a
   * matcher for inputs transformed the same way, such as `scan`'s number mask. Built once per function.
   */
  masked(transform: (literal: string) => string): Matcher {
    if (this.maskedTwin?.fn !== transform) {
      // The same templates, literal parts transformed; their words (for fuzzy scores) are kept.
      const twin = new Matcher([]);
      twin.byCode = this.byCode;
      twin.entries = this.entries;
      for (const t of this.templates) {
        const segments = t.segments.map((g) => ('lit' in g ? { lit: transform(g.lit) } : g));
        twin.add({ ...t, segments, anchor: anchorOf(segments), tail: templateTail(segments) });
      }
      this.maskedTwin = { fn: transform, matcher: twin };
    }
    return this.maskedTwin.matcher;
  }

  /** Every template with its compiled parts (for indexes built over them, such as scan's anchors). */
  templateParts(): { template: string; segments: readonly Segment[] }[] {
    return this.templates.map((t) => ({ template: t.template, segments: t.segments }));
  }

  /** Templates that can match a text starting like `text`. */
  private candidates(text: string, pool?: Template[], tail?: string): Template[] {
    if (pool) return pool;
    // Templates that start with a placeholder: only those whose longest literal the text contains
    // (a cut-off text may lack it, so a short text keeps them all); with `tail` (complete
    // matches), only those that end as the text does.
    let wild = tail === undefined || !this.wildStart.length ? this.wildStart : this.wildStart.filter((t) => !t.tail || tail.endsWith(t.tail));
    // (Texts here are collapsed already: cleanMessage.)
    if (text.length >= 24 && wild.some((t) => t.anchor)) {
      const lower = text.toLowerCase();
      wild = wild.filter((t) => !t.anchor || lower.includes(t.anchor));
    }
    const out: Template[] = [];
    let node = 0;
    for (let i = 0, n = 0; i < text.length && n < HEAD; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x20) continue;
      n++;
      const next = this.edges.get(edgeKey(node, foldKey(c, text[i])));
      if (next === undefined) break;
      node = next;
      const list = this.here.get(node);
      if (list) for (const t of list) out.push(t);
    }
    for (const t of wild) out.push(t);
    return out;
  }

  /**
   * `complete`: only whole-template matches (no cut-off inputs), found faster: a template is tried
   * only when the input ends as it does.
   */
  match(raw: string, opts: { limit?: number; kit?: string; fuzzy?: boolean; complete?: boolean } = {}): MatchResult {
    const { text, statedCode, variants } = cleanMessage(raw);
    const limit = opts.limit ?? 10;
    const kitPool = opts.kit ? this.templates.filter((t) => kitMatches(t.entry.kit, opts.kit!)) : undefined;
    const pool = kitPool ?? this.templates;
    const out: Omit<MatchCandidate, 'rank'>[] = [];
    for (const [vi, variant] of variants.entries()) {
      const tail = opts.complete ? tailOf(variant) : '';
      for (const t of this.candidates(variant, kitPool, opts.complete ? tail : undefined)) {
        if (opts.complete && t.tail && !tail.endsWith(t.tail)) continue;
        const hit = matchSegments(t.segments, variant, !opts.complete);
        if (!hit) continue;
        // Truncated matches must cover a meaningful part of the template.
        const litLen = t.segments.reduce((n, s) => n + ('lit' in s ? s.lit.length : 0), 0);
        if (hit.truncated && variant.length < Math.min(12, litLen)) continue;
        const phs = Object.keys(hit.values);
        const literal = t.segments.every((s) => 'lit' in s);
        // A template that is only a placeholder matches anything: rank it last among exact ones.
        // Text left after stripping more of the input is a little less certain.
        let score = (hit.truncated ? 0.8 : 1) - 0.01 * vi;
        score += Math.min(0.15, litLen / 400);
        if (!literal) score -= 0.02 * phs.length;
        if (litLen === 0) score = 0.5;
        const c: Omit<MatchCandidate, 'rank'> = { code: t.entry.code, kit: t.entry.kit, page: { id: t.entry.page.id }, template: t.template, exact: true, score, entry: t.entry };
        if (hit.truncated) c.truncated = true;
        if (phs.length) {
          c.messageInfo = hit.values.messageInfo ?? hit.values[phs[0]];
          if (phs.length > 1 || !('messageInfo' in hit.values)) c.values = hit.values;
        }
        out.push(c);
      }
    }
    if (!out.length && opts.fuzzy !== false) {
      const q = new Set(tokenize(text));
      const scored = pool
        .map((t) => ({ t, s: dice(q, (t.tokens ??= new Set(tokenize(t.template.replace(/\$\{[^{}]+\}/g, ' '))))) }))
        .filter((x) => x.s > 0)
        .sort((a, b) => b.s - a.s);
      for (const { t, s } of scored.slice(0, Math.max(limit, 10))) {
        const c: Omit<MatchCandidate, 'rank'> = { code: t.entry.code, kit: t.entry.kit, page: { id: t.entry.page.id }, template: t.template, exact: false, score: Math.round(s * 0.75 * 1000) / 1000, entry: t.entry };
        if (s < 0.5) c.nearMiss = true;
        out.push(c);
      }
    }
    if (statedCode !== undefined) for (const c of out) if (c.code === statedCode) c.score += 0.5;
    // One (code, kit, page) once: its best template.
    const best = new Map<string, Omit<MatchCandidate, 'rank'>>();
    for (const c of out) {
      const k = `${c.kit.id}\u0000${c.page.id}\u0000${c.code}`;
      if (!best.has(k) || best.get(k)!.score < c.score) best.set(k, c);
    }
    // The candidates are this call's own objects: scored and ranked in place.
    const sorted = [...best.values()] as MatchCandidate[];
    for (const c of sorted) c.score = Math.round(c.score * 1000) / 1000;
    sorted.sort((a, b) => Number(b.exact) - Number(a.exact) || b.score - a.score || a.code - b.code || (a.kit.id < b.kit.id ? -1 : 1));
    const candidates = sorted.slice(0, limit);
    let rank = 0;
    candidates.forEach((c, i) => {
      if (i === 0 || c.score !== candidates[i - 1].score || c.exact !== candidates[i - 1].exact) rank = i + 1;
      c.rank = rank;
    });
    return { text, ...(statedCode !== undefined ? { statedCode } : {}), candidates };
  }
}

let shared: { key: string; matcher: Matcher } | undefined;
let sharedTransformed: { key: string; fn: (s: string) => string; matcher: Matcher } | undefined;

/** The entries a default matcher holds: the shipped registry's, then the user's overlay's. */
export function defaultMatcherEntries(overlay?: boolean): Entry[] {
  return [...readRegistry().entries, ...(overlay === false ? [] : readOverlay().entries)];
}

/**
 * The matcher over the shipped registry and the user's overlay, built once per process.
 * `transform`: a matcher whose templates are transformed (see `Matcher.masked`), built on its own
 * (scan uses only that one: the plain matcher is then never built).
 */
export function defaultMatcher(opts: { overlay?: boolean; transform?: (literal: string) => string } = {}): Matcher {
  const key = opts.overlay === false ? 'shipped' : `overlay:${overlayPath()}`;
  const entries = () => defaultMatcherEntries(opts.overlay);
  if (opts.transform) {
    if (sharedTransformed?.key !== key || sharedTransformed.fn !== opts.transform) sharedTransformed = { key, fn: opts.transform, matcher: new Matcher(entries(), { transform: opts.transform }) };
    return sharedTransformed.matcher;
  }
  if (shared?.key !== key) shared = { key, matcher: new Matcher(entries()) };
  return shared.matcher;
}

/** Candidate codes for a runtime message, best first. */
export function match(text: string, opts: { limit?: number; kit?: string; overlay?: boolean } = {}): MatchResult {
  return defaultMatcher({ overlay: opts.overlay }).match(text, opts);
}
