/**
 * The message gate of `scan`: which warning lines could match a message template at all, decided
 * in the WebAssembly prefilter on the line's bytes (`setAnchors` in wasm/prefilter.ts), so that
 * most lines never reach the matcher. `npm run bench` measures the effect.
 *
 * `scan` reports a message only when a whole template (at least 10 literal characters) matches the
 * line's text, or what follows a colon or `message:` in it: the match always ends where the text
 * ends (trailing blanks, dots, quotes and parentheses aside), except in a JSON object's
 * `"message"`. So a line passes the gate when
 *  - its end matches the end of some template (`tails`: a trie of each template's last characters,
 *    reversed, walked back from the line's end), or
 *  - it contains an anchor (`anchors`, an Aho–Corasick DFA): `message"` (JSON), and for each
 *    template whose end cannot be known (it ends with a placeholder or a number) the rarest word
 *    of its literal text.
 *
 * Why automata of our own: they run inside the WebAssembly prefilter, on the bytes, next to the
 * other line tests; a JavaScript library would need every line decoded first, the cost this avoids.
 *
 * What keeps the gate safe (a line that matches a template passes):
 *  - tails and anchors are compared as the matcher compares (case-insensitively, blanks skipped);
 *  - they have no digit (templates are matched with numbers masked: see mask.ts);
 *  - no `"`, `\` or `/` in anchors (a JSON-encoded message may escape those), and no character with
 *    case outside ASCII (the matcher folds case with toLowerCase);
 *  - the line's end is trimmed of at least what the matcher trims (see trimBefore in the wasm).
 * test/prefilter.test.ts checks the gate against the reference parser on generated logs.
 */
import type { Segment } from '../match/match.js';

/** Literal characters of a template, blanks left out. */
export function literalLength(template: string): number {
  return template.replace(/\$\{[^{}]*\}/g, '').replace(/\s+/g, '').length;
}

/** The templates scan reports a message for (see Scanner.findings). */
export const MIN_LITERAL = 10;

const MAX_ANCHOR = 12;

function safeChar(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if (c < 0x80) return c > 0x20 && c < 0x7f && !(c >= 0x30 && c <= 0x39) && ch !== '"' && ch !== '\\' && ch !== '/';
  return ch.toLowerCase() === ch && ch.toUpperCase() === ch && !/\s/u.test(ch);
}

/**
 * Candidate anchors of one template: windows of up to MAX_ANCHOR characters of its literal parts,
 * blanks removed (the gate skips them, as the matcher does), between unsafe characters.
 */
export function candidates(segments: readonly Segment[]): string[] {
  const out = new Set<string>();
  for (const g of segments) {
    if (!('lit' in g)) continue;
    let run = '';
    const flush = () => {
      const chars = [...run];
      if (chars.length >= 3) {
        const n = Math.min(MAX_ANCHOR, chars.length);
        for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''));
      }
      run = '';
    };
    for (const ch of g.lit.toLowerCase()) {
      if (/\s/.test(ch)) continue;
      if (safeChar(ch)) run += ch;
      else flush();
    }
    flush();
  }
  return [...out];
}

const TAIL = 10;
const MIN_TAIL = 6;
/** What the matcher trims from the end of a message (cleanMessage): blanks, dots, quotes, ')'. */
const TRIMMED = /[\s.。!！"'”’`)]/;

/**
 * The last characters of a template (up to TAIL, blanks skipped, after what the matcher trims), as
 * lower-case text; undefined when its end is not fixed text (a placeholder, a digit, a character
 * with case outside ASCII).
 */
export function templateTail(segments: readonly Segment[]): string | undefined {
  const last = segments[segments.length - 1];
  if (!last || !('lit' in last)) return undefined;
  const chars = [...last.lit];
  let i = chars.length;
  while (i > 0 && TRIMMED.test(chars[i - 1])) i--;
  const out: string[] = [];
  for (; i > 0 && out.length < TAIL; i--) {
    const ch = chars[i - 1];
    if (/\s/.test(ch)) continue;
    if (/[0-9]/.test(ch)) break;
    const lower = ch.toLowerCase();
    if (ch.codePointAt(0)! >= 0x80 && (lower !== ch || ch.toUpperCase() !== ch)) return undefined;
    out.push(lower);
  }
  // A short end (a number or a placeholder right before it) says too little: an anchor then.
  return out.length >= MIN_TAIL ? out.reverse().join('') : undefined;
}

/**
 * How often log text holds an anchor's first character (lower is rarer): the gate skips 16 bytes
 * at a time over text where no anchor can start (hasAnchor in the wasm), so anchors that start
 * with a rare character keep it skipping. English letters by frequency; punctuation and blanks'
 * neighbours are common in logs; other characters in between.
 */
const LETTERS_BY_FREQUENCY = 'etaoinsrhldcumfpgwybvkxjqz';
function startCost(anchor: string): number {
  const ch = anchor[0];
  const k = LETTERS_BY_FREQUENCY.indexOf(ch);
  if (k >= 0) return LETTERS_BY_FREQUENCY.length - k;
  return ch.codePointAt(0)! < 0x80 ? LETTERS_BY_FREQUENCY.length + 1 : LETTERS_BY_FREQUENCY.length / 2;
}

/**
 * One anchor per reportable template; undefined when some reportable template has none (then
 * no line may be dropped for want of an anchor).
 */
export function chooseAnchors(templates: readonly { template: string; segments: readonly Segment[] }[]): string[] | undefined {
  const reportable = templates.filter((t) => literalLength(t.template) >= MIN_LITERAL);
  const cands = reportable.map((t) => candidates(t.segments));
  const df = new Map<string, number>();
  for (const cs of cands) for (const c of cs) df.set(c, (df.get(c) ?? 0) + 1);
  const bucket = (a: string) => -Math.min(a.length, MAX_ANCHOR);
  const chosen = new Set<string>();
  for (const cs of cands) {
    if (!cs.length) return undefined;
    let best = cs[0];
    for (const c of cs) {
      const d = bucket(c) - bucket(best) || startCost(c) - startCost(best) || df.get(c)! - df.get(best)! || best.length - c.length || (c < best ? -1 : c > best ? 1 : 0);
      if (d < 0) best = c;
    }
    chosen.add(best);
  }
  return [...chosen].sort();
}

export interface AnchorTable {
  /** Byte → class (0: no anchor byte, 0xff: a blank, skipped). */
  classes: Uint8Array;
  /** Next state for [state * count + class]; bit 15: an anchor ends there. */
  table: Uint16Array;
  count: number;
  states: number;
}

const MAX_STATES = 0x7fff;

/** A trie of byte strings over byte classes: each state's children, and where a string ends. */
function trie(words: readonly Uint8Array[], classes: Uint8Array): { next: Map<number, number>[]; ends: boolean[] } {
  const next: Map<number, number>[] = [new Map()];
  const ends: boolean[] = [false];
  for (const w of words) {
    let s = 0;
    for (const b of w) {
      const c = classes[b];
      let t = next[s].get(c);
      if (t === undefined) {
        t = next.length;
        next.push(new Map());
        ends.push(false);
        next[s].set(c, t);
      }
      s = t;
    }
    ends[s] = true;
  }
  return { next, ends };
}

/** The anchors' Aho–Corasick automaton as a full DFA; undefined when it would be too large. */
export function buildDfa(anchors: readonly string[], maxBytes: number): AnchorTable | undefined {
  const words = anchors.map((a) => Buffer.from(a, 'utf8'));
  const all = new Uint8Array(512);
  const classes = all.subarray(0, 256);
  let count = 1;
  for (const w of words) for (const b of w) if (!classes[b]) classes[b] = count++;
  if (count >= 0xfe) return undefined;
  // Anchors are lower case: upper-case ASCII letters take their class; blanks are skipped, and
  // so are non-ASCII spaces: the bytes that may start one are marked 0xfe, their own class kept
  // in the second map.
  for (let b = 0x41; b <= 0x5a; b++) classes[b] = classes[b | 0x20];
  for (const b of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]) classes[b] = 0xff;
  for (const b of [0xc2, 0xe1, 0xe2, 0xe3, 0xef]) {
    all[256 + b] = classes[b];
    classes[b] = 0xfe;
  }
  const { next, ends: out } = trie(words, classes);
  const states = next.length;
  if (states > MAX_STATES || states * count * 2 > maxBytes) return undefined;
  // Breadth first: failure links give every state a full row.
  const table = new Uint16Array(states * count);
  const fail = new Int32Array(states);
  const accept = out.slice();
  const queue: number[] = [];
  for (let c = 0; c < count; c++) {
    const t = next[0].get(c);
    if (t !== undefined) {
      table[c] = t;
      fail[t] = 0;
      queue.push(t);
    }
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi];
    accept[s] = accept[s] || accept[fail[s]];
    for (let c = 0; c < count; c++) {
      const t = next[s].get(c);
      if (t !== undefined) {
        fail[t] = table[fail[s] * count + c] & MAX_STATES;
        table[s * count + c] = t;
        queue.push(t);
      } else table[s * count + c] = table[fail[s] * count + c] & MAX_STATES;
    }
  }
  for (let i = 0; i < table.length; i++) if (accept[table[i]]) table[i] |= 0x8000;
  return { classes: all, table, count, states };
}

/** A trie of the templates' tails, reversed, in the DFA's layout (0: no template ends so). */
export function buildTails(tails: readonly string[], maxBytes: number): AnchorTable | undefined {
  const words = tails.map((t) => Buffer.from(t, 'utf8').reverse());
  const classes = new Uint8Array(256);
  let count = 1;
  for (const w of words) for (const b of w) if (!classes[b]) classes[b] = count++;
  if (count >= 0xff) return undefined;
  for (let b = 0x41; b <= 0x5a; b++) classes[b] = classes[b | 0x20];
  const { next, ends: accept } = trie(words, classes);
  const states = next.length;
  if (states > MAX_STATES || states * count * 2 > maxBytes) return undefined;
  const table = new Uint16Array(states * count);
  next.forEach((m, s) => m.forEach((t, c) => (table[s * count + c] = t | (accept[t] ? 0x8000 : 0))));
  return { classes, table, count, states };
}

export interface Gate {
  anchors: AnchorTable;
  tails: AnchorTable;
  /** For the record: templates gated by their end, and anchor words. */
  tailCount: number;
  anchorWords: string[];
}

/** The gate for these templates (as the scanner matches them: masked); undefined: no gate. */
export function buildGate(templates: readonly { template: string; segments: readonly Segment[] }[], maxBytes: number): Gate | undefined {
  const reportable = templates.filter((t) => literalLength(t.template) >= MIN_LITERAL);
  const tails = new Set<string>();
  const open: typeof reportable = [];
  for (const t of reportable) {
    const tail = templateTail(t.segments);
    if (tail) tails.add(tail);
    else open.push(t);
  }
  const words = chooseAnchors(open);
  if (!words) return undefined;
  // JSON.stringify(err): the key "message" (its closing quote kept, the opening one left out: a
  // quote is common in logs, and no anchor should start with a common character).
  const anchorWords = [...words, 'message"'];
  const anchors = buildDfa(anchorWords, maxBytes / 2);
  const trie = buildTails([...tails].sort(), maxBytes / 2);
  if (!anchors || !trie) return undefined;
  return { anchors, tails: trie, tailCount: tails.size, anchorWords };
}
