/**
 * The byte prefilter of `scan`, in AssemblyScript (compiled to WebAssembly with SIMD by
 * `npm run build`; the JavaScript side is `src/scan/prefilter.ts`).
 *
 * Why not JavaScript: the prefilter touches every byte of the input, and no JavaScript tool does
 * that at memory speed: one regular expression over the chunk ran at ~120 MB/s, one
 * `Buffer.indexOf` per needle is slower still with this many needles. This loop is a Teddy-style
 * multi-needle search (16 bytes per step, nibble lookups with `i8x16.swizzle`) that also counts
 * newlines; `npm run bench` measures it next to ripgrep.
 *
 * It only decides which lines the JavaScript parser (`detect.ts`, `scanner.ts`) must see; that
 * parser stays the authority on what a line reports. So every rule here is a superset of a rule
 * there:
 *  - a code in an error shape needs `code` / `errno` / `错误码` followed by separators
 *    (quotes, spaces, `is`, `=`, `:`, `：` …) and a digit or `-`;
 *  - a message without a code is looked for on hilog / DevEco lines of level W, E or F, and on
 *    lines without a level that say err… / fail / xcep…;
 *  - crash-log fields (`Key: value` at a line start) and stack frames (`at …`) always pass.
 * A line that is a candidate only for a message without a code must also contain an anchor of
 * some message template (`setAnchors`: a DFA over the rarest word of each template, built by
 * `src/scan/anchors.ts`); most warning lines hold none and are dropped here.
 * A line that passes is checked against a cache of verdicts the parser already gave for the same
 * line text, with numbers masked (`maskBytes`, the twin of `src/scan/mask.ts`: the parser judges
 * the masked text) and its hilog time, PID and TID columns left out: a line already known to
 * report nothing is dropped here, and a known positive comes back with the parser's verdict id.
 */

// ---- memory map (bytes) ----------------------------------------------------------------------
const MASKS: usize = 256; // 6 × v128: Teddy nibble masks for fingerprint bytes 0, 1, 2 (lo, hi)
const SCRATCH: usize = 512; // one v128 spilled to read a lane by a variable index
const STARTS: usize = 576; // 4 × v128: nibble masks of where an anchor may start (setAnchors)
const OUT: usize = 1024; // candidate records, REC_INTS × i32 each
const REC_INTS: i32 = 16; // 6 fields, the code windows (count, 4 × (start, length)), the line's class (coarseKey)
const OUT_CAP: i32 = 8192;
const SLOTS: usize = OUT + <usize>(OUT_CAP * REC_INTS * 4); // verdict cache: open addressing
const SLOT_COUNT: u32 = 1 << 16; // 16 bytes a slot: hash, arena offset, length | variant << 24, verdict
const ARENA: usize = SLOTS + <usize>(SLOT_COUNT * 16); // cached (masked) line texts
const ARENA_SIZE: u32 = (4 << 20) - 64; // the last 64 bytes stay free: reads may run 8 past a text
const MASKED: usize = ARENA + <usize>ARENA_SIZE + 64; // one masked line (the cache key)
const MASKED_SIZE: u32 = 64 * 1024; // MAX_LINE on the JavaScript side
const COARSE: usize = MASKED + <usize>MASKED_SIZE + 64; // a line's code contexts (coarseKey)
const COARSE_SIZE: u32 = 4 * MASKED_SIZE; // each byte at most in two windows, plus their fields
const NOT_ERROR: usize = COARSE + <usize>COARSE_SIZE + 64; // 64 words × 16 bytes (length, letters)
// The cache of coarse keys, apart: few keys, many repeats, so the churn of line keys (most seen
// once) never clears it.
const CSLOTS: usize = NOT_ERROR + 1024;
const CSLOT_COUNT: u32 = 1 << 17;
const CARENA: usize = CSLOTS + <usize>(CSLOT_COUNT * 16);
const CARENA_SIZE: u32 = (2 << 20) - 64;
// Tallies (see setTally): per recipe verdict, its count and last line (two f64).
const TALLY: usize = CARENA + <usize>CARENA_SIZE + 64;
const TALLY_COUNT: u32 = 8192;
// Shape verdicts with code values the caller tied to a recipe (rememberShapeCodes): 48-byte slots.
const SCODES: usize = TALLY + <usize>(TALLY_COUNT * 16);
const SC_COUNT: u32 = 1 << 14;
const INPUT: usize = (SCODES + <usize>(SC_COUNT * 48) + 0xffff) & ~<usize>0xffff; // 64 KiB aligned

export function notErrorOffset(): usize {
  return NOT_ERROR;
}
let notErrorCount: u32 = 0;
/** The words that make a following `code` something else (NOT_ERROR in detect.ts), written at notErrorOffset. */
export function setNotError(n: u32): void {
  notErrorCount = min(n, 64);
}
export function inputOffset(): usize {
  return INPUT;
}
export function outOffset(): usize {
  return OUT;
}
export function outCapacity(): i32 {
  return OUT_CAP;
}
export function recordInts(): i32 {
  return REC_INTS;
}

// ---- state --------------------------------------------------------------------------------------
/** Where the last `scan` stopped (its `end` unless the record buffer filled) and lines it passed. */
let resumeAt: usize = 0;
let linesDone: u32 = 0;
let used: u32 = 0; // occupied cache slots
let arenaUsed: u32 = 0;
let cused: u32 = 0; // the same, for coarse keys
let scUsed: u32 = 0; // occupied shape-code slots
let carenaUsed: u32 = 0;
/** When 0, message-only candidates are not wanted (`--no-messages`). */
let wantMessages: bool = true;

export function resume(): usize {
  return resumeAt;
}
export function lines(): u32 {
  return linesDone;
}
export function setMessages(on: bool): void {
  wantMessages = on;
}

/**
 * Inside a stack trace every line matters to the parser (the first line that is not a frame
 * ends it): with `on`, each line is a candidate, cache or not, and `scan` returns after each
 * one so that the caller can switch back as soon as the trace is over. `scan` also returns right
 * after a crash-field line, so that the caller can switch this on in time.
 */
let allLines: bool = false;
export function setAllLines(on: bool): void {
  allLines = on;
}

// ---- Teddy masks --------------------------------------------------------------------------------
// Buckets (one bit each): the fingerprint is the needle's first three bytes.
const B_CODE: u8 = 1; // c o d   (either case)
const B_ERR: u8 = 2; // e r r   (either case): errno, error …
const B_FAIL: u8 = 4; // f a i   (either case)
const B_XCEP: u8 = 8; // x c e   (either case): exception
const B_LEVEL: u8 = 16; // blank [WEF] blank: a hilog / DevEco level column
const B_CN: u8 = 32; // E9 94 99 (错, as in 错误码)

function addByte(k: usize, c: u8, bucket: u8): void {
  const lo = MASKS + k * 32 + <usize>(c & 15);
  const hi = MASKS + k * 32 + 16 + <usize>(c >> 4);
  store<u8>(lo, load<u8>(lo) | bucket);
  store<u8>(hi, load<u8>(hi) | bucket);
}
function addFold(k: usize, c: u8, bucket: u8): void {
  addByte(k, c | 0x20, bucket);
  addByte(k, c & 0xdf, bucket);
}

export function init(): void {
  memory.fill(MASKS, 0, 96);
  addFold(0, 0x63, B_CODE); addFold(1, 0x6f, B_CODE); addFold(2, 0x64, B_CODE);
  addFold(0, 0x65, B_ERR); addFold(1, 0x72, B_ERR); addFold(2, 0x72, B_ERR);
  addFold(0, 0x66, B_FAIL); addFold(1, 0x61, B_FAIL); addFold(2, 0x69, B_FAIL);
  addFold(0, 0x78, B_XCEP); addFold(1, 0x63, B_XCEP); addFold(2, 0x65, B_XCEP);
  addByte(0, 0x20, B_LEVEL); addByte(0, 0x09, B_LEVEL); addByte(1, 0x57, B_LEVEL); addByte(1, 0x45, B_LEVEL); addByte(1, 0x46, B_LEVEL); addByte(2, 0x20, B_LEVEL); addByte(2, 0x09, B_LEVEL);
  addByte(0, 0xe9, B_CN); addByte(1, 0x94, B_CN); addByte(2, 0x99, B_CN);
  clear();
}

/** Forget every cached verdict. */
export function clear(): void {
  clearLines();
  memory.fill(SCODES, 0, <usize>SC_COUNT * 48);
  scUsed = 0;
  memory.fill(CSLOTS, 0, <usize>CSLOT_COUNT * 16);
  cused = 0;
  carenaUsed = 0;
}

function clearLines(): void {
  memory.fill(SLOTS, 0, <usize>SLOT_COUNT * 16);
  used = 0;
  arenaUsed = 0;
}

// ---- byte tests ---------------------------------------------------------------------------------
@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}
@inline function lower(c: u32): u32 {
  return c | 0x20;
}
@inline function isAlpha(c: u32): bool {
  return (c | 0x20) - 0x61 < 26;
}
@inline function isHex(c: u32): bool {
  return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6;
}
@inline function isBlank(c: u32): bool {
  return c == 0x20 || c == 0x09;
}
/** Printable ASCII without space: what the parser's `\S` certainly means. */
@inline function isToken(c: u32): bool {
  return c - 0x21 < 0x5e;
}

/**
 * After `code` / `errno` / `错误码`: could an error code follow? A superset of the parser's
 * separators (`"?\s*(?:is|=|:|：)?\s*"?`): quotes, ASCII whitespace, `= : i s I S`, and any
 * non-ASCII byte (full-width colon, 为, 是, Unicode spaces), up to 64 bytes; then a digit or `-`.
 */
function codeFollows(p: usize, le: usize): bool {
  const stop = min(le, p + 64);
  while (p < stop) {
    const c = <u32>load<u8>(p);
    if (isDigit(c) || c == 0x2d) return true;
    if (c == 0x22 || c == 0x20 || (c >= 0x09 && c <= 0x0d) || c == 0x3d || c == 0x3a || c >= 0x80) {
      p++;
      continue;
    }
    const l = lower(c);
    if (l == 0x69 || l == 0x73) {
      p++;
      continue;
    }
    return false;
  }
  return false;
}

// ---- line prefix ---------------------------------------------------------------------------------
/** Results of `prefix`: where the cache key starts and the format (0 none, 1 hilog, 2 DevEco). */
let keyAt: usize = 0;
let variant: u32 = 0;
let prefixOf: usize = 0; // 1 + the line start these describe (0: none yet)

@inline function digitMask(v: v128): u32 {
  return i8x16.bitmask(i8x16.lt_u(i8x16.sub(v, i8x16.splat(0x30)), i8x16.splat(10)));
}
@inline function blankMask(v: v128): u32 {
  return i8x16.bitmask(v128.or(i8x16.eq(v, i8x16.splat(0x20)), i8x16.eq(v, i8x16.splat(0x09))));
}
/** Where the run of set bits of m starting at bit i ends. */
@inline function runEnd(m: u32, i: u32): u32 {
  return i + ctz<u32>(~(m >> i));
}

/**
 * `MM-DD HH:MM:SS.fff<blanks>PID<blanks>TID<blanks>` (hilog) or `…<blanks>PID-TID<blanks>`
 * (DevEco): the key starts after it, at the hilog level letter or the DevEco domain. The same
 * columns, with the same blanks, as the parser's regular expressions in `detect.ts`.
 * Columns are found with bit masks over the 32 bytes after the time (no branch per byte); longer
 * columns take the byte-by-byte path, which gives the same answer.
 */
function prefix(ls: usize, le: usize): void {
  prefixOf = ls + 1;
  keyAt = ls;
  variant = 0;
  if (le - ls < 24) return;
  // MM-DD HH:MM:SS.f in one step: digits where digits go, then - space : : .
  const v = v128.load(ls);
  const marks = i8x16.bitmask(i8x16.eq(v, i8x16(0, 0, 0x2d, 0, 0, 0x20, 0, 0, 0x3a, 0, 0, 0x3a, 0, 0, 0x2e, 0)));
  if ((digitMask(v) & 0xb6db) != 0xb6db || (marks & 0x4924) != 0x4924) return;
  // The bytes at and after le stop every run (a line break is neither digit nor blank).
  const a = v128.load(ls + 16), b = v128.load(ls + 32);
  const D = digitMask(a) | (digitMask(b) << 16);
  const B = blankMask(a) | (blankMask(b) << 16);
  let i = runEnd(D, 0); // rest of the fraction
  if (i > 30) return prefixSlow(ls, le);
  if (!((B >> i) & 1)) return;
  i = runEnd(B, i);
  if (i > 30) return prefixSlow(ls, le);
  if (!((D >> i) & 1)) return;
  i = runEnd(D, i); // PID
  if (i > 30) return prefixSlow(ls, le);
  const sep = <u32>load<u8>(ls + 16 + <usize>i);
  if (sep == 0x2d) i++;
  else if (!((B >> i) & 1)) return;
  else i = runEnd(B, i);
  if (i > 30) return prefixSlow(ls, le);
  if (!((D >> i) & 1)) return;
  i = runEnd(D, i); // TID
  if (i > 30) return prefixSlow(ls, le);
  if (!((B >> i) & 1)) return;
  i = runEnd(B, i);
  if (i > 31) return prefixSlow(ls, le);
  keyAt = ls + 16 + <usize>i;
  variant = sep == 0x2d ? 2 : 1;
}

/** The same as `prefix`, byte by byte. */
function prefixSlow(ls: usize, le: usize): void {
  let p = ls + 16;
  while (p < le && isDigit(load<u8>(p))) p++;
  if (p >= le || !isBlank(load<u8>(p))) return;
  while (p < le && isBlank(load<u8>(p))) p++;
  if (p >= le || !isDigit(load<u8>(p))) return;
  while (p < le && isDigit(load<u8>(p))) p++;
  if (p >= le) return;
  const sep = <u32>load<u8>(p);
  if (sep == 0x2d) p++;
  else if (!isBlank(sep)) return;
  while (p < le && isBlank(load<u8>(p))) p++;
  if (p >= le || !isDigit(load<u8>(p))) return;
  while (p < le && isDigit(load<u8>(p))) p++;
  if (p >= le || !isBlank(load<u8>(p))) return;
  while (p < le && isBlank(load<u8>(p))) p++;
  keyAt = p;
  variant = sep == 0x2d ? 2 : 1;
}

const UNSURE: u32 = 0xff;

/**
 * The level letter of a line `prefix` recognised, or 0 (UNSURE: the column could not be found). With `certain`, only when the parser's
 * regular expression must match the line with that level (every byte up to it is ASCII, the
 * domain is well formed, a hilog tag ends with a colon); without, the letter in the level column.
 */
function levelOf(le: usize, certain: bool): u32 {
  let p = keyAt;
  if (variant == 1) {
    if (p + 1 >= le || !isLevel(load<u8>(p)) || !isBlank(load<u8>(p + 1))) return 0;
    const l = <u32>load<u8>(p);
    if (!certain) return l;
    p++;
    while (p < le && isBlank(load<u8>(p))) p++;
    if (!domainAt(p, le)) return 0;
    // The tag runs to the first colon; the line must have one.
    for (p = domainEnd; p < le; p++) if (load<u8>(p) == 0x3a) return l;
    return 0;
  }
  if (variant != 2) return 0;
  // DevEco: DOMAIN/tag  bundle  L  text. A non-ASCII byte in tag or bundle may be a Unicode space
  // (a column break for the parser's \S): then the level column is not known here, UNSURE.
  if (!domainAt(p, le)) return 0;
  p = domainEnd;
  while (p < le && isToken(load<u8>(p))) p++; // tag
  if (p < le && load<u8>(p) >= 0x80) return certain ? 0 : UNSURE;
  if (p >= le || !isBlank(load<u8>(p))) return 0;
  while (p < le && isBlank(load<u8>(p))) p++;
  if (p < le && load<u8>(p) >= 0x80) return certain ? 0 : UNSURE;
  if (p >= le || !isToken(load<u8>(p))) return 0;
  while (p < le && isToken(load<u8>(p))) p++; // bundle
  if (p < le && load<u8>(p) >= 0x80) return certain ? 0 : UNSURE;
  if (p >= le || !isBlank(load<u8>(p))) return 0;
  while (p < le && isBlank(load<u8>(p))) p++;
  if (p + 1 >= le || !isLevel(load<u8>(p)) || !isBlank(load<u8>(p + 1))) return 0;
  return load<u8>(p);
}

@inline function isLevel(c: u32): bool {
  return c == 0x44 || c == 0x49 || c == 0x57 || c == 0x45 || c == 0x46;
}

let domainEnd: usize = 0;
/** `[AC]` + 4 to 6 hex digits + `/`; sets domainEnd after the slash. */
function domainAt(p: usize, le: usize): bool {
  if (p >= le) return false;
  const c = <u32>load<u8>(p);
  if (c != 0x41 && c != 0x43) return false;
  let q = p + 1;
  while (q < le && isHex(load<u8>(q))) q++;
  const n = q - p - 1;
  if (n < 4 || n > 6 || q >= le || load<u8>(q) != 0x2f) return false;
  domainEnd = q + 1;
  return true;
}

// ---- verification of one fingerprint hit -------------------------------------------------------
@inline function foldIs(p: usize, c: u32): bool {
  return lower(load<u8>(p)) == c;
}

/** A crash-log field (`Key: value`, `Key :`) or a stack frame (`at …`) at the line start `p`. */
function crashStart(p: usize, le: usize): bool {
  const stop = min(le, p + 64);
  // Leading blanks; non-ASCII bytes too (the parser's `\s` knows Unicode spaces).
  while (p < stop) {
    const c = <u32>load<u8>(p);
    if (c == 0x20 || (c >= 0x09 && c <= 0x0d) || c >= 0x80) p++;
    else break;
  }
  if (p + 2 < le && load<u8>(p) == 0x61 && load<u8>(p + 1) == 0x74) {
    const c = <u32>load<u8>(p + 2);
    if (c == 0x20 || (c >= 0x09 && c <= 0x0d) || c >= 0x80) return true;
  }
  if (p >= stop || !isAlpha(load<u8>(p))) return false;
  while (p < stop) {
    const c = <u32>load<u8>(p);
    if (isAlpha(c) || c == 0x20 || c == 0x09) p++;
    else return c == 0x3a;
  }
  return false;
}

/** Set by `verify`: the line is a candidate only for a message without a code. */
let msgOnly: bool = false;

/** Does the hit at `q` (bucket bits `b`) make the line [ls, le) a candidate? */
function verify(q: usize, b: u32, ls: usize, le: usize): bool {
  msgOnly = false;
  if (b & B_CODE && q + 4 < le && foldIs(q + 3, 0x65) && codeFollows(q + 4, le)) return true;
  if (b & B_CN && q + 9 <= le && load<u8>(q + 3) == 0xe8 && load<u8>(q + 4) == 0xaf && load<u8>(q + 5) == 0xaf && load<u8>(q + 6) == 0xe7 && load<u8>(q + 7) == 0xa0 && load<u8>(q + 8) == 0x81 && codeFollows(q + 9, le)) return true;
  let word = false;
  if (b & B_ERR) {
    if (q + 5 < le && foldIs(q + 3, 0x6e) && foldIs(q + 4, 0x6f) && codeFollows(q + 5, le)) return true;
    word = true;
  }
  if (b & B_FAIL && q + 3 < le && foldIs(q + 3, 0x6c)) word = true;
  if (b & B_XCEP && q + 3 < le && foldIs(q + 3, 0x70)) word = true;
  if (!wantMessages || (!word && !(b & B_LEVEL))) return false;
  // The line's message was already looked at, and it holds no template's anchor.
  if (noAnchorLine == ls + 1) return false;
  msgOnly = true;
  if (prefixOf != ls + 1) prefix(ls, le);
  // A line the parser reads as W, E or F may report a message: its level column holds the letter.
  if (b & B_LEVEL) {
    const l = levelOf(le, false);
    if (l == 0x57 || l == 0x45 || l == 0x46 || l == UNSURE) return true;
  }
  // A line the parser reads as D or I never does; one without a level does when it says so.
  if (word) {
    const l = levelOf(le, true);
    return l != 0x44 && l != 0x49;
  }
  return false;
}

// ---- anchors: a DFA over the rarest word of each message template -----------------------------
// Built by src/scan/anchors.ts: 2 × 256 byte classes (see hasAnchor) and a table of u16 next
// states, `count` classes a row; bit 15 marks a state where an anchor ends. tableAt 0: no gate,
// every message candidate passes.
let classesAt: usize = 0;
let tableAt: usize = 0;
let classCount: u32 = 0;

let tailClassesAt: usize = 0;
let tailTableAt: usize = 0;
let tailCount: u32 = 0;

/**
 * The message gate: anchors (an Aho–Corasick DFA, see above) and template tails (a trie over the
 * last characters of each template, reversed, in the same layout: 0 is a dead end). table 0: no
 * gate, every message candidate passes.
 */
export function setAnchors(classes: usize, table: usize, count: u32, tClasses: usize, tTable: usize, tCount: u32): void {
  forgetLine();
  classesAt = classes;
  tableAt = table;
  classCount = count;
  // Where an anchor may start, as Teddy nibble masks over two bytes: a byte that leaves the start
  // state, then one that goes on from there (a blank, or a byte that may start a non-ASCII space,
  // always goes on: the DFA skips those). Eight buckets by the first byte's class; a superset,
  // never missing a start. A start the second byte does not continue is one the DFA leaves at
  // once for the state that byte alone gives: skipping it changes nothing.
  memory.fill(STARTS, 0, 64);
  if (table) {
    for (let b: u32 = 0; b < 256; b++) {
      let cb = anchorClass(classes, b);
      if (cb == 0xff) continue;
      if (cb == 0xfe) cb = <u32>load<u8>(classes + 256 + b);
      if (cb == 0) continue;
      const t = <u32>load<u16>(table + (<usize>cb << 1));
      if (!t) continue;
      const bit = <u8>(<u32>1 << (cb & 7));
      orByte(STARTS + (b & 15), bit);
      orByte(STARTS + 16 + (b >> 4), bit);
      const ts = (t & 0x7fff) * count;
      for (let c: u32 = 0; c < 256; c++) {
        const cc = anchorClass(classes, c);
        const goesOn = t & 0x8000 || cc >= 0xfe || (<u32>load<u16>(table + (<usize>(ts + cc) << 1)) != <u32>load<u16>(table + (<usize>cc << 1)));
        if (!goesOn) continue;
        orByte(STARTS + 32 + (c & 15), bit);
        orByte(STARTS + 48 + (c >> 4), bit);
      }
    }
  }
  tailClassesAt = tClasses;
  tailTableAt = tTable;
  tailCount = tCount;
}

/** A byte's class in the anchor DFA: 0xff a blank, 0xfe a byte that may start a non-ASCII space. */
function anchorClass(classes: usize, b: u32): u32 {
  return <u32>load<u8>(classes + b);
}
function orByte(at: usize, bit: u8): void {
  store<u8>(at, <u8>(load<u8>(at) | bit));
}

/** Byte length of a white-space character (JavaScript's \s) that ends at p (not before lo), or 0. */
function spaceBefore(p: usize, lo: usize): u32 {
  if (p <= lo) return 0;
  const c = <u32>load<u8>(p - 1);
  if (c == 0x20 || (c >= 0x09 && c <= 0x0d)) return 1;
  if (c < 0x80 || p - lo < 2) return 0;
  const b = <u32>load<u8>(p - 2);
  if (b == 0xc2 && c == 0xa0) return 1 + 1;
  if (p - lo < 3) return 0;
  const a = <u32>load<u8>(p - 3);
  if (a == 0xe1 && b == 0x9a && c == 0x80) return 3;
  if (a == 0xe2 && b == 0x80 && ((c >= 0x80 && c <= 0x8a) || c == 0xa8 || c == 0xa9 || c == 0xaf)) return 3;
  if (a == 0xe2 && b == 0x81 && c == 0x9f) return 3;
  if (a == 0xe3 && b == 0x80 && c == 0x80) return 3;
  if (a == 0xef && b == 0xbb && c == 0xbf) return 3;
  return 0;
}

/** Byte length of what the matcher trims from a message's end (blanks, . ! quotes ) 。！”’) ending at p, or 0. */
function trimBefore(p: usize, lo: usize): u32 {
  const sp = spaceBefore(p, lo);
  if (sp) return sp;
  if (p <= lo) return 0;
  const c = <u32>load<u8>(p - 1);
  if (c == 0x2e || c == 0x21 || c == 0x22 || c == 0x27 || c == 0x60 || c == 0x29) return 1;
  if (c < 0x80 || p - lo < 3) return 0;
  const a = <u32>load<u8>(p - 3), b = <u32>load<u8>(p - 2);
  if (a == 0xe3 && b == 0x80 && c == 0x82) return 3; // 。
  if (a == 0xef && b == 0xbc && c == 0x81) return 3; // ！
  if (a == 0xe2 && b == 0x80 && (c == 0x9d || c == 0x99)) return 3; // ” ’
  return 0;
}

/** Does the text [lo, e) end like some template (blanks skipped, trailing punctuation trimmed)? */
function tailMatches(lo: usize, e: usize): bool {
  let p = e;
  for (let n = trimBefore(p, lo); n; n = trimBefore(p, lo)) p -= n;
  const C = tailCount;
  let s: u32 = 0;
  while (p > lo) {
    const sp = spaceBefore(p, lo);
    if (sp) {
      p -= sp;
      continue;
    }
    p--;
    const cls = <u32>load<u8>(tailClassesAt + <usize>load<u8>(p));
    if (!cls) return false;
    s = <u32>load<u16>(tailTableAt + ((<usize>(s * C + cls)) << 1));
    if (!s) return false;
    if (s & 0x8000) return true;
  }
  return false;
}

/** Byte length of a non-ASCII white-space character (JavaScript's \s) at p, or 0. */
function spaceAt(p: usize, e: usize): u32 {
  const a = <u32>load<u8>(p);
  if (p + 2 > e) return 0;
  const b = <u32>load<u8>(p + 1);
  if (a == 0xc2) return b == 0xa0 ? 2 : 0;
  if (p + 3 > e) return 0;
  const c = <u32>load<u8>(p + 2);
  if (a == 0xe1) return b == 0x9a && c == 0x80 ? 3 : 0;
  if (a == 0xe2) return (b == 0x80 && ((c >= 0x80 && c <= 0x8a) || c == 0xa8 || c == 0xa9 || c == 0xaf)) || (b == 0x81 && c == 0x9f) ? 3 : 0;
  if (a == 0xe3) return b == 0x80 && c == 0x80 ? 3 : 0;
  if (a == 0xef) return b == 0xbb && c == 0xbf ? 3 : 0;
  return 0;
}

/**
 * Does [p, e) contain an anchor (case-insensitively, white space skipped)? Class 0xff: an ASCII
 * blank; 0xfe: a byte that may start a non-ASCII space (its class otherwise is at classes + 256).
 */
function hasAnchor(p: usize, e: usize): bool {
  const C = classCount;
  let s: u32 = 0;
  const al = v128.load(STARTS), ah = v128.load(STARTS + 16);
  const bl = v128.load(STARTS + 32), bh = v128.load(STARTS + 48);
  const lo = i8x16.splat(0x0f);
  while (p < e) {
    if (s == 0) {
      // In the start state: skip to the next place an anchor may start, 16 bytes a step (the
      // bytes past e are readable: the input is padded).
      const v = v128.load(p);
      const w = v128.load(p + 1);
      const first = v128.and(i8x16.swizzle(al, v128.and(v, lo)), i8x16.swizzle(ah, i8x16.shr_u(v, 4)));
      const second = v128.and(i8x16.swizzle(bl, v128.and(w, lo)), i8x16.swizzle(bh, i8x16.shr_u(w, 4)));
      const hit = v128.and(first, second);
      let m = i8x16.bitmask(i8x16.ne(hit, i8x16.splat(0)));
      if (e - p < 16) m &= (<u32>1 << <u32>(e - p)) - 1;
      if (!m) {
        p += 16;
        continue;
      }
      p += <usize>ctz<u32>(m);
    }
    const byte = <usize>load<u8>(p);
    let cls = <u32>load<u8>(classesAt + byte);
    if (cls >= 0xfe) {
      if (cls == 0xff) {
        p++;
        continue;
      }
      const n = spaceAt(p, e);
      if (n) {
        p += n;
        continue;
      }
      cls = <u32>load<u8>(classesAt + 256 + byte);
    }
    p++;
    s = <u32>load<u16>(tableAt + ((<usize>(s * C + cls)) << 1));
    if (s & 0x8000) return true;
  }
  return false;
}

/**
 * The message gate on the text [lo, e): it ends like some template, or holds an anchor. Asked by
 * the scan for a line that could only report a message and by coarseKey for a loud line; the
 * answer for the last text is kept (cleared with the tables, see setAnchors).
 */
function gatePasses(lo: usize, e: usize): bool {
  if (lo == gateMemoLo && e == gateMemoE) return gateMemo;
  gateMemoLo = lo;
  gateMemoE = e;
  gateMemo = tailMatches(lo, e) || hasAnchor(lo, e);
  return gateMemo;
}
let gateMemoLo: usize = 0;
let gateMemoE: usize = 0;
let gateMemo: bool = false;

/** Forget what was kept of the last line (its bytes or the gate may change). */
function forgetLine(): void {
  textMemoV = 0xff;
  gateMemoE = 0;
}

/** A line start whose line held no anchor (its later hits need no second look). */
let noAnchorLine: usize = 0;

// ---- number mask: the twin of maskNumbers in src/scan/mask.ts (see there) ------------------------
@inline function isAlnum(c: u32): bool {
  return isDigit(c) || isAlpha(c);
}
@inline function isSep(c: u32): bool {
  return c == 0x22 || c == 0x20 || (c >= 0x09 && c <= 0x0d) || c == 0x3d || c == 0x3a || c == 0x2d || c >= 0x80;
}
/** `code` or `errno` (any case) ends right before `end`, inside the token that starts at `start`. */
function codeWordEnds(start: usize, end: usize): bool {
  const n = end - start;
  if (n >= 4 && foldIs(end - 4, 0x63) && foldIs(end - 3, 0x6f) && foldIs(end - 2, 0x64) && foldIs(end - 1, 0x65)) return true;
  return n >= 5 && foldIs(end - 5, 0x65) && foldIs(end - 4, 0x72) && foldIs(end - 3, 0x72) && foldIs(end - 2, 0x6e) && foldIs(end - 1, 0x6f);
}
/** Where a hex token's zeros start (i, or after its 0x), or 0: not a hex token. */
function hexToken(i: usize, j: usize): usize {
  const n = j - i;
  if (n >= 3 && load<u8>(i) == 0x30 && lower(load<u8>(i + 1)) == 0x78) {
    for (let k = i + 2; k < j; k++) if (!isHex(load<u8>(k))) return 0;
    return i + 2;
  }
  if (n < 6) return 0;
  let digit = false;
  for (let k = i; k < j; k++) {
    const c = <u32>load<u8>(k);
    if (!isHex(c)) return 0;
    if (isDigit(c)) digit = true;
  }
  return digit ? i : 0;
}
@inline function isCn(i: usize, end: usize): bool {
  // 错误码 in UTF-8
  return i + 9 <= end && load<u8>(i) == 0xe9 && load<u8>(i + 1) == 0x94 && load<u8>(i + 2) == 0x99 && load<u8>(i + 3) == 0xe8 && load<u8>(i + 4) == 0xaf && load<u8>(i + 5) == 0xaf && load<u8>(i + 6) == 0xe7 && load<u8>(i + 7) == 0xa0 && load<u8>(i + 8) == 0x81;
}

/** Copy [src, end) to dst with numbers masked. */
export function maskBytes(src: usize, end: usize, dst: usize): void {
  memory.copy(dst, src, end - src);
  const shift = dst - src;
  let pending = false;
  let i = src;
  while (i < end) {
    const c = <u32>load<u8>(i);
    if (!isAlnum(c)) {
      if (pending) pending = isSep(c);
      if (c == 0xe9 && isCn(i, end)) {
        pending = true;
        i += 9;
        continue;
      }
      i++;
      continue;
    }
    let j = i + 1;
    while (j < end && isAlnum(load<u8>(j))) j++;
    if (pending && isDigit(c)) {
      pending = false;
      i = j;
      continue;
    }
    if (pending && j - i == 2 && lower(c) == 0x69 && lower(load<u8>(i + 1)) == 0x73) {
      i = j;
      continue;
    }
    pending = false;
    const z = hexToken(i, j);
    if (z) memory.fill(z + shift, 0x30, j - z);
    else {
      let k = i;
      while (k < j) {
        if (!isDigit(load<u8>(k))) {
          k++;
          continue;
        }
        let d = k + 1;
        while (d < j && isDigit(load<u8>(d))) d++;
        if (!codeWordEnds(i, k)) memory.fill(k + shift, 0x30, d - k);
        k = d;
      }
    }
    pending = codeWordEnds(i, j);
    i = j;
  }
}

/** Key format of text keys (line formats are 0, 1, 2; coarse and shape keys 3 and 4). */
const V_TEXT: u32 = 5;
/** Set by maskedKey: the format its key was cached under. */
let keyFormat: u32 = 0;

/**
 * The cache key of the line text [p, e) of format v (p: its key start) in MASKED. What the parser
 * reports for a line depends on its level and its text with numbers masked only, so when the
 * text's start is certain (textStart), the key is the level letter and the masked text (format
 * V_TEXT: lines that differ only in domain, tag or columns share it). Otherwise the level and
 * domain columns as they are, the rest (tag and text) masked. Returns the key's end.
 */
function maskedKey(p: usize, e: usize, v: u32): usize {
  const t = textStart(p, e, v);
  if (v != 0 && t) {
    store<u8>(MASKED, <u8>textLevel);
    maskBytes(t, e, MASKED + 1);
    keyFormat = V_TEXT;
    return MASKED + 1 + (e - t);
  }
  let from = p;
  if (v == 1) {
    let q = p + 1;
    while (q < e && isBlank(load<u8>(q))) q++;
    from = domainAt(q, e) ? domainEnd : e;
  } else if (v == 2) from = domainAt(p, e) ? domainEnd : e;
  memory.copy(MASKED, p, from - p);
  maskBytes(from, e, MASKED + (from - p));
  keyFormat = v;
  return MASKED + (e - p);
}

/** For tests: the masked key of [p, e) (format v) is copied to dst; returns its length. */
export function maskedKeyInto(p: usize, e: usize, v: u32, dst: usize): u32 {
  forgetLine(); // new bytes may sit where an earlier line was
  const end = maskedKey(p, e, v);
  memory.copy(dst, MASKED, end - MASKED);
  return <u32>(end - MASKED);
}

// ---- verdict cache -------------------------------------------------------------------------------
let hashOut: u32 = 0;

function hashKey(p: usize, e: usize, v: u32): u32 {
  let h: u64 = 0x9e3779b97f4a7c15 ^ <u64>v ^ (<u64>(e - p) << 32);
  while (p + 8 <= e) {
    h = (rotl<u64>(h, 23) ^ load<u64>(p)) * 0x517cc1b727220a95;
    p += 8;
  }
  if (p < e) {
    // The bytes after e are readable (the input has padding; so does the arena): mask them off.
    const t = load<u64>(p) & ((<u64>1 << (<u64>(e - p) * 8)) - 1);
    h = (rotl<u64>(h, 23) ^ t) * 0x517cc1b727220a95;
  }
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9;
  h ^= h >> 32;
  return <u32>h | 1; // 0 marks an empty slot
}

/** Byte equality, 8 bytes a step (memory.compare goes byte by byte when alignments differ). */
function same(a: usize, b: usize, n: u32): bool {
  const e = a + <usize>n;
  while (a + 8 <= e) {
    if (load<u64>(a) != load<u64>(b)) return false;
    a += 8;
    b += 8;
  }
  while (a < e) {
    if (load<u8>(a) != load<u8>(b)) return false;
    a++;
    b++;
  }
  return true;
}

/** The slot holding this key, or the empty slot where it would go (coarse keys in their own table). */
function probe(h: u32, p: usize, e: usize, v: u32): usize {
  const len = <u32>(e - p);
  const coarse = v == V_COARSE || v == V_SHAPE;
  const slots = coarse ? CSLOTS : SLOTS;
  const mask = (coarse ? CSLOT_COUNT : SLOT_COUNT) - 1;
  const arena = coarse ? CARENA : ARENA;
  let i = h & mask;
  while (true) {
    const s = slots + <usize>i * 16;
    const sh = load<u32>(s);
    if (sh == 0) return s;
    if (sh == h && load<u32>(s, 8) == (len | (v << 24)) && same(arena + <usize>load<u32>(s, 4), p, len)) return s;
    i = (i + 1) & mask;
  }
}

/**
 * Remember the parser's verdict for the line text [p, e) of format `v`: 0 reports nothing (the
 * line will be dropped from now on), n > 0 is the parser's id for what it reports.
 */
/** Format tag of coarse keys in the cache (line formats are 0, 1, 2). */
const V_COARSE: u32 = 3;
/** Format tag of shape keys: coarse keys with the codes' digits masked (see shapeKey). */
const V_SHAPE: u32 = 4;

// ---- shape keys: a coarse key with the codes' digits masked --------------------------------------
// The parser's findings for a coarse key depend on each code's value in a few ways only: 0 is no
// code, equal codes are one, and the code's entries decide its summary row. So, when the scanner
// says so (rememberShape), a coarse key with its codes' digits masked keeps a verdict that names
// windows, not codes: the scanner reads each window's number from the record (its start and
// length in the input) and applies those rules itself.
const MAX_WINDOWS: u32 = 4;
/** The windows coarseKey found: count (MAX_WINDOWS + 1: too many), then per window the digits' offset in COARSE, their length, and their start in the input. */
let winCount: u32 = 0;
const WIN: usize = 768; // MAX_WINDOWS × 3 u32 (below OUT, after SCRATCH)

/** Mask the digits of the windows of the coarse key just built (in place); false when there are too many windows for a shape. */
function shapeKey(): bool {
  if (winCount == 0 || winCount > MAX_WINDOWS) return false;
  for (let k: u32 = 0; k < winCount; k++) {
    const at = COARSE + <usize>load<u32>(WIN + <usize>(k * 12));
    const n = <usize>load<u32>(WIN + <usize>(k * 12), 4);
    for (let i: usize = 0; i < n; i++) if (isDigit(load<u8>(at + i))) store<u8>(at + i, 0x30);
  }
  return true;
}

// ---- coarse keys: a line's code contexts only ----------------------------------------------------
// When every code a line states has one entry (or none), what the parser reports for it depends
// only on the text around each `code` / `errno` / `错误码`: the letters, blanks, `_` and `-`
// before it and one character more (the parser's glued prefix and "word before"), the separators
// and number after it, and 8 characters past the number (its unit test). The scanner says when
// that holds (rememberCoarse); such lines then share a verdict with any line whose windows are
// the same, whatever else they say.

@inline function isBackRun(c: u32): bool {
  return isAlpha(c) || c == 0x5f || c == 0x2d || c == 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** A code word at p (in [p, e)): its byte length, or 0. */
function codeWordAt(p: usize, e: usize): u32 {
  const c = lower(load<u8>(p));
  if (c == 0x63 && p + 4 <= e && foldIs(p + 1, 0x6f) && foldIs(p + 2, 0x64) && foldIs(p + 3, 0x65)) return 4;
  if (c == 0x65 && p + 5 <= e && foldIs(p + 1, 0x72) && foldIs(p + 2, 0x72) && foldIs(p + 3, 0x6e) && foldIs(p + 4, 0x6f)) return 5;
  if (c == 0xe9 && isCn(p, e)) return 9;
  return 0;
}

/**
 * Where the parser's text starts in the line of format v (its key at p, ending at e); 0 when that
 * is not certain here (then no text key and no coarse key). The same columns as HILOG and DEVECO in
 * detect.ts: hilog text follows the tag's colon and one blank; DevEco text follows the level
 * column and its blanks; other lines are all text. Sets textLevel and textClass.
 */
function textStart(p: usize, e: usize, v: u32): usize {
  // The same line asks up to three times (gate, coarse key, text key): answered once.
  if (p == textMemoP && e == textMemoE && v == textMemoV) {
    textLevel = textMemoLevel;
    textClass = textMemoClass;
    return textMemo;
  }
  const t = textStartOf(p, e, v);
  textMemoP = p;
  textMemoE = e;
  textMemoV = v;
  textMemo = t;
  textMemoLevel = textLevel;
  textMemoClass = textClass;
  return t;
}
let textMemoP: usize = 0;
let textMemoE: usize = 0;
let textMemoV: u32 = 0xff;
let textMemo: usize = 0;
let textMemoLevel: u32 = 0;
let textMemoClass: u8 = 0;

function textStartOf(p: usize, e: usize, v: u32): usize {
  textLevel = 0;
  textClass = 0; // a line without a level: coarseKey looks at its words
  if (v == 0) return p;
  let q = p;
  if (v == 1) {
    if (q + 1 >= e || !isLevel(load<u8>(q)) || !isBlank(load<u8>(q + 1))) return 0;
    textLevel = load<u8>(q);
    q++;
    while (q < e && isBlank(load<u8>(q))) q++;
    if (!domainAt(q, e)) return 0;
    for (q = domainEnd; q < e; q++) {
      if (load<u8>(q) == 0x3a) {
        q++;
        if (q < e && isBlank(load<u8>(q))) q++;
        textClass = levelClass(textLevel);
        return q;
      }
    }
    return 0;
  }
  if (!domainAt(q, e)) return 0;
  q = domainEnd;
  while (q < e && isToken(load<u8>(q))) q++; // tag
  if (q >= e || !isBlank(load<u8>(q))) return 0;
  while (q < e && isBlank(load<u8>(q))) q++;
  if (q >= e || !isToken(load<u8>(q))) return 0;
  while (q < e && isToken(load<u8>(q))) q++; // bundle
  if (q >= e || !isBlank(load<u8>(q))) return 0;
  while (q < e && isBlank(load<u8>(q))) q++;
  if (q + 1 >= e || !isLevel(load<u8>(q)) || !isBlank(load<u8>(q + 1))) return 0;
  textLevel = load<u8>(q);
  textClass = levelClass(textLevel);
  q++;
  while (q < e && isBlank(load<u8>(q))) q++;
  return q;
}
let textLevel: u32 = 0;

// What the parser does with a line whose codes give nothing depends on its level: a D or I line
// reports nothing then, and so does a line without a level that never says err / fail / xcep
// (MESSAGE_WORDS in detect.ts); any other line is looked at for a message, which depends on all
// its text. Coarse keys start with this class, so that the scanner may key an empty verdict of a
// quiet line by its code contexts alone (see Scanner.candidate).
const CLASS_QUIET: u8 = 0x71; // q
const CLASS_LOUD: u8 = 0x6c; // l
/** The class of the line textStart looked at last. */
let textClass: u8 = 0;
@inline function levelClass(l: u32): u8 {
  return l == 0x44 || l == 0x49 ? CLASS_QUIET : CLASS_LOUD;
}
/** Does [p, e) say err, fail or xcep (any case)? 16 positions a step (the input is padded). */
function messageWords(p: usize, e: usize): bool {
  const lc = i8x16.splat(0x20); // ORed in: lower case for letters (no other byte becomes one of these)
  while (p + 3 <= e) {
    const a = v128.or(v128.load(p), lc);
    const b = v128.or(v128.load(p + 1), lc);
    const c = v128.or(v128.load(p + 2), lc);
    const d = v128.or(v128.load(p + 3), lc);
    const err = v128.and(v128.and(i8x16.eq(a, i8x16.splat(0x65)), i8x16.eq(b, i8x16.splat(0x72))), i8x16.eq(c, i8x16.splat(0x72)));
    const fail = v128.and(v128.and(i8x16.eq(a, i8x16.splat(0x66)), i8x16.eq(b, i8x16.splat(0x61))), v128.and(i8x16.eq(c, i8x16.splat(0x69)), i8x16.eq(d, i8x16.splat(0x6c))));
    const xcep = v128.and(v128.and(i8x16.eq(a, i8x16.splat(0x78)), i8x16.eq(b, i8x16.splat(0x63))), v128.and(i8x16.eq(c, i8x16.splat(0x65)), i8x16.eq(d, i8x16.splat(0x70))));
    // Only words that end by e: err at the first e - p - 2 positions, the others one fewer.
    const n3 = e - p - 2;
    const m3: u32 = n3 >= 16 ? 0xffff : (<u32>1 << <u32>n3) - 1;
    const m4: u32 = n3 >= 17 ? 0xffff : (<u32>1 << <u32>(n3 - 1)) - 1;
    if ((i8x16.bitmask(err) & m3) | (i8x16.bitmask(v128.or(fail, xcep)) & m4)) return true;
    p += 16;
  }
  return false;
}

/**
 * The windows around the code words of the parser's text [lo, ke) (in the input), overlapping
 * ones merged, each written to COARSE as a u16 length and its bytes, after the line's class (see
 * textStart) and, per window, a byte saying how its back part was kept (backPart). Returns the
 * coarse key's end, or 0 when the line has no code word or its text start is not known.
 *
 * Read from the input, not from the masked text the parser judges: equal windows here mean equal
 * windows there. The mask never changes letters before a code word (they share a token with it,
 * and a token holding `o` is no hex run), nor the number after it (the mask keeps it); the one
 * byte before the letters, when a digit, is masked or not by what precedes it, which is itself a
 * window of the key (the number of an earlier code word) or not (then always masked).
 */
function coarseKey(lo: usize, ke: usize): usize {
  winCount = 0;
  lineClass = 0;
  if (!lo) return 0;
  let out = COARSE + 1; // the line's class goes first (below)
  let found = false;
  let i = lo;
  winCount = 0;
  while (i < ke) {
    // Most bytes cannot start a code word: skip to where "cod", "err" or 错 starts.
    i = nextCodeWord(i, ke);
    if (i >= ke) break;
    const w = codeWordAt(i, ke);
    if (!w) {
      i++;
      continue;
    }
    found = true;
    out = backPart(out, lo, i);
    // A line too long to key (or whose key would outgrow COARSE): no coarse key, the full key serves.
    if (!out || out - COARSE > COARSE_SIZE - 256) return 0;
    // The code word (any case), then the separators and the number as they are.
    for (let k: u32 = 0; k < w; k++) store<u8>(out + k, lower(load<u8>(i + k)));
    out += w;
    let b = i + w;
    const stop = min(ke, b + 64);
    while (b < stop) {
      const c = <u32>load<u8>(b);
      if (c == 0x22 || c == 0x20 || (c >= 0x09 && c <= 0x0d) || c == 0x3d || c == 0x3a || c >= 0x80 || lower(c) == 0x69 || lower(c) == 0x73) b++;
      else break;
    }
    const num = b;
    if (b < ke && load<u8>(b) == 0x2d) b++;
    while (b < ke && isDigit(load<u8>(b))) b++;
    const n = b - (i + w);
    store<u16>(out, <u16>n);
    memory.copy(out + 2, i + w, n);
    if (winCount < MAX_WINDOWS) {
      const wr = WIN + <usize>(winCount * 12);
      store<u32>(wr, <u32>(out + 2 + (num - (i + w)) - COARSE));
      store<u32>(wr, <u32>(b - num), 4);
      store<u32>(wr, <u32>num, 8);
    }
    winCount++;
    out += 2 + n;
    // What follows the number, as the parser's unit test sees it.
    store<u8>(out++, unitClass(b, ke));
    i += w;
  }
  if (!found) return 0;
  // The line's class (textStart set it, but for a line without a level). A loud line that fails
  // the message gate (no template's tail at the end of its text, no anchor in it) reports no
  // message either: for what it reports it is quiet.
  let cls = textClass ? <u32>textClass : messageWords(lo, ke) ? CLASS_LOUD : CLASS_QUIET;
  if (cls == CLASS_LOUD && (!wantMessages || (tableAt && !gatePasses(lo, ke)))) cls = CLASS_QUIET;
  store<u8>(COARSE, <u8>cls);
  lineClass = cls;
  return out;
}
/** The first position from i (before ke) where "cod", "err" (any case) or 错 starts, or ke; 16 a step (the input is padded). */
function nextCodeWord(i: usize, ke: usize): usize {
  const lc = i8x16.splat(0x20);
  while (i < ke) {
    const r0 = v128.load(i), r1 = v128.load(i + 1), r2 = v128.load(i + 2);
    const a = v128.or(r0, lc), b = v128.or(r1, lc), c = v128.or(r2, lc);
    const code = v128.and(v128.and(i8x16.eq(a, i8x16.splat(0x63)), i8x16.eq(b, i8x16.splat(0x6f))), i8x16.eq(c, i8x16.splat(0x64)));
    const err = v128.and(v128.and(i8x16.eq(a, i8x16.splat(0x65)), i8x16.eq(b, i8x16.splat(0x72))), i8x16.eq(c, i8x16.splat(0x72)));
    const cn = v128.and(v128.and(i8x16.eq(r0, i8x16.splat(<i8>0xe9)), i8x16.eq(r1, i8x16.splat(<i8>0x94))), i8x16.eq(r2, i8x16.splat(<i8>0x99)));
    const m = i8x16.bitmask(v128.or(v128.or(code, err), cn));
    if (m) return min(ke, i + <usize>ctz<u32>(m));
    i += 16;
  }
  return ke;
}

/** The class coarseKey gave the line it keyed last (0: none). */
let lineClass: u32 = 0;

/** After a number ending at b: 'D' a digit or '.', 'U' a unit (ms, s, sec, byte(s), kb, mb, gb, %), 'O' other. */
function unitClass(b: usize, ke: usize): u8 {
  if (b >= ke) return 0x4f;
  let c = <u32>load<u8>(b);
  if (isDigit(c) || c == 0x2e) return 0x44;
  if (c == 0x20 || c == 0x09) {
    if (unitAt(b + 1, ke)) return 0x55;
  }
  return unitAt(b, ke) ? 0x55 : 0x4f;
}
@inline function wordChar(p: usize, ke: usize): bool {
  if (p >= ke) return false;
  const c = <u32>load<u8>(p);
  return isAlnum(c) || c == 0x5f;
}
function unitAt(p: usize, ke: usize): bool {
  if (p >= ke) return false;
  const c = lower(load<u8>(p));
  if (c == 0x25) return true; // %
  const c1 = p + 1 < ke ? lower(load<u8>(p + 1)) : 0;
  const c2 = p + 2 < ke ? lower(load<u8>(p + 2)) : 0;
  if (c == 0x6d && c1 == 0x73 && !wordChar(p + 2, ke)) return true; // ms
  if (c == 0x73 && !wordChar(p + 1, ke)) return true; // s
  if (c == 0x73 && c1 == 0x65 && c2 == 0x63 && !wordChar(p + 3, ke)) return true; // sec
  if (c == 0x62 && c1 == 0x79 && c2 == 0x74 && p + 3 < ke && lower(load<u8>(p + 3)) == 0x65) {
    if (!wordChar(p + 4, ke)) return true; // byte
    if (p + 4 < ke && lower(load<u8>(p + 4)) == 0x73 && !wordChar(p + 5, ke)) return true; // bytes
  }
  if ((c == 0x6b || c == 0x6d || c == 0x67) && c1 == 0x62 && !wordChar(p + 2, ke)) return true; // kb mb gb
  return false;
}

@inline function isWordByte(c: u32): bool {
  return isAlpha(c) || c == 0x5f;
}

/**
 * What the parser reads before a code word at i (text from lo): the run T of letters, `_`, `-`
 * and white space right before it, and the character before that run. When T holds two words or
 * more, only its last two matter (the glued prefix and the word before it), and of the earlier of
 * these only whether it is one of NOT_ERROR: it is written as a mark then, and what precedes it
 * is left out. Otherwise T and the character before it are written as they are.
 */
function backPart(out: usize, lo: usize, i: usize): usize {
  // Walk back at most over: the gap before the code word, the last word, the gap before it and
  // the word before that (each run at most twice over a whole line: linear, even for a line of
  // "code code code …"). `gapBack` / `wordBack` stop at the start of T.
  const p = wordBack(gapBack(i, lo), lo); // start of the last word (or of the gap, if none)
  const prevEnd = gapBack(p, lo);
  const q = wordBack(prevEnd, lo);
  if (q < prevEnd && prevEnd < p) {
    // Two words or more: the earlier of the last two by its class, then the rest as is.
    const wn = prevEnd - q;
    const n = i - prevEnd;
    if (wn > 255 || n > 60000) return 0; // too long to key: no coarse key for this line
    store<u8>(out++, 1);
    if (isNotError(q, prevEnd)) {
      store<u8>(out++, <u8>wn);
      memory.copy(out, q, wn);
      out += wn;
    } else store<u8>(out++, 0);
    store<u16>(out, <u16>n);
    memory.copy(out + 2, prevEnd, n);
    return out + 2 + n;
  }
  // One word or none: T and the character before it (or the text start).
  const a = q < prevEnd ? q : prevEnd;
  store<u8>(out++, a == lo ? 3 : 4);
  const from = a > lo ? a - 1 : a;
  const n = i - from;
  if (n > 60000) return 0;
  store<u16>(out, <u16>n);
  memory.copy(out + 2, from, n);
  return out + 2 + n;
}

/** Back from p over T's gap characters (`-`, blanks, white space), not before lo. */
function gapBack(p: usize, lo: usize): usize {
  let more = true;
  while (more) {
    if (p > lo) {
      const c = <u32>load<u8>(p - 1);
      if (isBackRun(c) && !isWordByte(c)) {
        p--;
        continue;
      }
    }
    const sp = spaceBefore(p, lo);
    if (sp) p -= sp;
    else more = false;
  }
  return p;
}

/** Back from p over a word of T (letters and `_`), not before lo. */
function wordBack(p: usize, lo: usize): usize {
  while (p > lo && isWordByte(load<u8>(p - 1))) p--;
  return p;
}

/**
 * May the word [p, e) be one of NOT_ERROR (case-insensitively)? True too when it holds `_`
 * (the parser then reads only its last letters) or a code word: such words are kept as they are.
 */
function isNotError(p: usize, e: usize): bool {
  const n = <u32>(e - p);
  for (let k = p; k < e; k++) if (load<u8>(k) == 0x5f || codeWordAt(k, e)) return true;
  for (let w: u32 = 0; w < notErrorCount; w++) {
    const at = NOT_ERROR + <usize>(w * 16);
    if (<u32>load<u8>(at) != n) continue;
    let same = true;
    for (let k: u32 = 0; k < n; k++) {
      if (lower(load<u8>(p + k)) != <u32>load<u8>(at + 1 + k)) {
        same = false;
        break;
      }
    }
    if (same) return true;
  }
  return false;
}


/**
 * Remember a verdict under the line's coarse key too (the scanner found only codes of one entry
 * or none: see above).
 */
export function rememberCoarse(p: usize, e: usize, v: u32, verdict: i32): void {
  const ce = coarseKey(textStart(p, e, v), e);
  if (ce) put(COARSE, ce, V_COARSE, verdict);
  else {
    const ke = maskedKey(p, e, v);
    put(MASKED, ke, keyFormat, verdict);
  }
}

/** Remember a verdict under the line's shape key (the scanner checked that its codes allow one). */
export function rememberShape(p: usize, e: usize, v: u32, verdict: i32): void {
  const ce = coarseKey(textStart(p, e, v), e);
  if (ce && shapeKey()) put(COARSE, ce, V_SHAPE, verdict);
}

export function remember(p: usize, e: usize, v: u32, verdict: i32): void {
  const ke = maskedKey(p, e, v);
  put(MASKED, ke, keyFormat, verdict);
}

function put(p: usize, e: usize, v: u32, verdict: i32): void {
  const len = <u32>(e - p);
  if (len >= (1 << 24)) return;
  const coarse = v == V_COARSE || v == V_SHAPE;
  if (coarse) {
    if (cused >= CSLOT_COUNT / 2 || carenaUsed + len > CARENA_SIZE) {
      memory.fill(CSLOTS, 0, <usize>CSLOT_COUNT * 16);
      cused = 0;
      carenaUsed = 0;
    }
  } else if (used >= SLOT_COUNT / 2 || arenaUsed + len > ARENA_SIZE) clearLines();
  const h = hashKey(p, e, v);
  const s = probe(h, p, e, v);
  if (load<u32>(s) != 0) {
    store<i32>(s, verdict, 12);
    return;
  }
  const at = coarse ? carenaUsed : arenaUsed;
  memory.copy((coarse ? CARENA : ARENA) + <usize>at, p, len);
  store<u32>(s, h);
  store<u32>(s, at, 4);
  store<u32>(s, len | (v << 24), 8);
  store<i32>(s, verdict, 12);
  if (coarse) {
    carenaUsed += len;
    cused++;
  } else {
    arenaUsed += len;
    used++;
  }
}

/** Record n: a candidate line (prefix() has run on it). */
function record(n: i32, lineNo: u32, ls: usize, e: usize, verdict: i32 = -1): void {
  const r = OUT + <usize>(n * REC_INTS * 4);
  store<u32>(r, lineNo);
  store<u32>(r, <u32>ls, 4);
  store<u32>(r, <u32>e, 8);
  store<u32>(r, <u32>keyAt, 12);
  store<u32>(r, variant, 16);
  store<i32>(r, verdict, 20);
  // The code windows of the line's coarse key, when it has one (see shapeKey).
  const k = winCount > MAX_WINDOWS ? MAX_WINDOWS + 1 : winCount;
  store<u32>(r, k, 24);
  for (let j: u32 = 0; j < min(k, MAX_WINDOWS); j++) {
    store<u32>(r + <usize>(28 + j * 8), load<u32>(WIN + <usize>(j * 12), 8));
    store<u32>(r + <usize>(32 + j * 8), load<u32>(WIN + <usize>(j * 12), 4));
  }
  store<u32>(r, lineClass, 60);
}

// ---- tallies: repeats counted here instead of handed over ---------------------------------------
// The caller's verdicts are recipe ids (1 ≤ id < TALLY_COUNT: what a line reports, replayed for
// every repeat) or shape ids (from SHAPE_BASE: what a line reports depends on its code values,
// see shapeKey). When all the caller does with a repeat is count it (setTally), a line with a
// recipe verdict, or with a shape verdict and code values the caller tied to a recipe
// (rememberShapeCodes), is counted under the recipe id with its line number and not recorded:
// on a busy log most lines that report something are such repeats, and each record costs a call
// into JavaScript. The caller reads and zeroes the counts (tallyOffset) before it forgets its
// recipe ids or reports.
const SHAPE_BASE: i32 = 1 << 28;
let tallyOn: bool = false;
let tallyBase: f64 = 0;

/** `on`: count repeats (see above); `base`: the caller's line number before this scan's first line. */
export function setTally(on: bool, base: f64): void {
  tallyOn = on;
  tallyBase = base;
}
export function tallyOffset(): usize {
  return TALLY;
}
export function tallyCount(): u32 {
  return TALLY_COUNT;
}
export function shapeBase(): i32 {
  return SHAPE_BASE;
}

const NO_DIGITS: i64 = i64.MIN_VALUE;
const SC_KEY: usize = 832; // the key being looked up: verdict, count, 4 × i64 (below OUT, after WIN)

/**
 * The key of record r's shape verdict and code values into SC_KEY, as the scanner reads the
 * values (Prefilter.windows: a sign, up to 15 digits, or no digits); its hash, or 0 when the
 * record has no such key (no windows, too many, or a number of more than 15 digits).
 */
function shapeCodeKey(r: usize): u32 {
  const k = load<u32>(r, 24);
  if (k == 0 || k > MAX_WINDOWS) return 0;
  memory.fill(SC_KEY, 0, 40);
  store<i32>(SC_KEY, load<i32>(r, 20));
  store<u32>(SC_KEY, k, 4);
  let h: u32 = 2166136261 ^ <u32>load<i32>(r, 20);
  h = (h ^ k) * 16777619;
  for (let j: u32 = 0; j < k; j++) {
    let p = <usize>load<u32>(r + <usize>(28 + j * 8));
    const e = p + <usize>load<u32>(r + <usize>(32 + j * 8));
    const neg = p < e && load<u8>(p) == 0x2d;
    if (neg) p++;
    let v: i64 = NO_DIGITS;
    if (p < e) {
      if (e - p > 15) return 0;
      v = 0;
      for (; p < e; p++) v = v * 10 + <i64>(load<u8>(p) - 0x30);
      if (neg) v = -v;
    }
    store<i64>(SC_KEY + <usize>(8 + j * 8), v);
    h = (h ^ <u32>v) * 16777619;
    h = (h ^ <u32>(v >> 32)) * 16777619;
  }
  return h | 1;
}

/** The slot of record r's key (hash h, key at SC_KEY): its own, or the empty one where it goes. */
function shapeCodeSlot(h: u32): usize {
  let i = h & (SC_COUNT - 1);
  while (true) {
    const s = SCODES + <usize>i * 48;
    const sh = load<u32>(s);
    if (sh == 0 || (sh == h && memory.compare(s + 8, SC_KEY, 40) == 0)) return s;
    i = (i + 1) & (SC_COUNT - 1);
  }
}

/** Tie record r's shape verdict and code values to a recipe id (the scanner found what they report). */
export function rememberShapeCodes(r: usize, recipe: i32): void {
  const h = shapeCodeKey(r);
  if (!h || recipe <= 0 || <u32>recipe >= TALLY_COUNT) return;
  if (scUsed >= SC_COUNT / 2) {
    memory.fill(SCODES, 0, <usize>SC_COUNT * 48);
    scUsed = 0;
  }
  const s = shapeCodeSlot(h);
  if (load<u32>(s) == 0) scUsed++;
  store<u32>(s, h);
  store<i32>(s, recipe, 4);
  memory.copy(s + 8, SC_KEY, 40);
}

/** With tallies on: count record n (just written) under its recipe, if it has one; false: keep it. */
function tallied(n: i32, lineNo: u32): bool {
  const r = OUT + <usize>(n * REC_INTS * 4);
  let id = load<i32>(r, 20);
  if (id >= SHAPE_BASE) {
    const h = shapeCodeKey(r);
    if (!h) return false;
    const s = shapeCodeSlot(h);
    id = load<u32>(s) ? load<i32>(s, 4) : 0;
  }
  if (id <= 0 || <u32>id >= TALLY_COUNT) return false;
  const t = TALLY + <usize>id * 16;
  store<f64>(t, load<f64>(t) + 1);
  store<f64>(t, tallyBase + <f64>lineNo + 1, 8);
  return true;
}

// ---- the scan ------------------------------------------------------------------------------------
@inline function findNewline(p: usize, end: usize): usize {
  const nl = i8x16.splat(10);
  while (p < end) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(p), nl));
    if (m) return min(p + <usize>ctz<u32>(m), end);
    p += 16;
  }
  return end;
}

/**
 * Scan [start, end), which holds whole lines (the byte before `end` is a newline), and write one
 * record per candidate line: line index (newlines before it, counted from `start`), start, end
 * (without `\n` or a final `\r`), key start, format, verdict (-1 unknown, n > 0 the parser's id).
 * Stops early when the record buffer is full: `resume()` and `lines()` tell where.
 * At least 48 readable bytes must follow `end` (their content does not matter).
 */
export function scan(start: usize, end: usize): i32 {
  const m0l = v128.load(MASKS), m0h = v128.load(MASKS + 16);
  const m1l = v128.load(MASKS + 32), m1h = v128.load(MASKS + 48);
  const m2l = v128.load(MASKS + 64), m2h = v128.load(MASKS + 80);
  const nlv = i8x16.splat(10);
  let p = start;
  let ln: u32 = 0;
  let n: i32 = 0;
  let lineStart = start; // start of the line that holds p
  let carry: u32 = 1; // p is at a line start
  noAnchorLine = 0;
  prefixOf = 0; // line starts seen in an earlier call may hold other lines now
  forgetLine();
  if (allLines) {
    const le = findNewline(p, end);
    let e = le;
    if (e > p && load<u8>(e - 1) == 0x0d) e--;
    prefix(p, e);
    winCount = 0;
    record(0, 0, p, e);
    resumeAt = le + 1;
    linesDone = 1;
    return 1;
  }
  // 32 bytes a step. Teddy: each byte's nibbles select the buckets whose fingerprint has that
  // byte at position 0, 1 or 2; shifting the position-0 and position-1 results by two and one
  // lanes (carried over from the block before) lines them up at the fingerprint's last byte.
  let prev0 = i8x16.splat(0), prev1 = i8x16.splat(0);
  while (p < end) {
    const v0 = v128.load(p);
    const v1 = v128.load(p + 16);
    const valid: u32 = end - p >= 32 ? 0xffffffff : (<u32>1 << <u32>(end - p)) - 1;
    const nlm = (i8x16.bitmask(i8x16.eq(v0, nlv)) | (i8x16.bitmask(i8x16.eq(v1, nlv)) << 16)) & valid;
    const lo0 = v128.and(v0, i8x16.splat(0x0f)), hi0 = i8x16.shr_u(v0, 4);
    const lo1 = v128.and(v1, i8x16.splat(0x0f)), hi1 = i8x16.shr_u(v1, 4);
    const a0 = v128.and(i8x16.swizzle(m0l, lo0), i8x16.swizzle(m0h, hi0));
    const a1 = v128.and(i8x16.swizzle(m1l, lo0), i8x16.swizzle(m1h, hi0));
    const a2 = v128.and(i8x16.swizzle(m2l, lo0), i8x16.swizzle(m2h, hi0));
    const b0 = v128.and(i8x16.swizzle(m0l, lo1), i8x16.swizzle(m0h, hi1));
    const b1 = v128.and(i8x16.swizzle(m1l, lo1), i8x16.swizzle(m1h, hi1));
    const b2 = v128.and(i8x16.swizzle(m2l, lo1), i8x16.swizzle(m2h, hi1));
    const t0 = v128.and(v128.and(i8x16.shuffle(prev0, a0, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29), i8x16.shuffle(prev1, a1, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30)), a2);
    const t1 = v128.and(v128.and(i8x16.shuffle(a0, b0, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29), i8x16.shuffle(a1, b1, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30)), b2);
    prev0 = b0;
    prev1 = b1;
    // Bit j of tm: a fingerprint ends at p + j (it starts two bytes before).
    let tm: u32 = 0;
    if (v128.any_true(v128.or(t0, t1))) {
      const z = i8x16.splat(0);
      tm = (i8x16.bitmask(i8x16.ne(t0, z)) | (i8x16.bitmask(i8x16.ne(t1, z)) << 16)) & valid;
    }
    // Line starts that are not digits: crash fields, frames, app-log lines.
    const starts = ((nlm << 1) | carry) & valid & ~nlm;
    carry = nlm >> 31;
    let sm: u32 = 0;
    if (starts) sm = starts & ~(digitMask(v0) | (digitMask(v1) << 16));
    let hits = tm | sm;
    let jumped = false;
    while (hits) {
      const j = ctz<u32>(hits);
      const bit: u32 = 1 << j;
      hits &= hits - 1;
      const q = p + <usize>j;
      const before = nlm & (bit - 1);
      const ls = before ? p + <usize>(32 - clz<u32>(before)) : lineStart;
      const le = findNewline(q, end);
      let e = le;
      if (e > ls && load<u8>(e - 1) == 0x0d) e--;
      let ok = false;
      let field = false;
      msgOnly = false;
      if (sm & bit) ok = field = crashStart(q, e);
      if (!ok && tm & bit) {
        v128.store(SCRATCH, t0);
        v128.store(SCRATCH + 16, t1);
        ok = verify(q - 2, load<u8>(SCRATCH + <usize>j), ls, e);
      }
      if (ok && msgOnly && tableAt) {
        // Only a message can make this line count: it needs a template's anchor. (Its later
        // hits are still looked at: a code further on makes it a candidate all the same.)
        if (noAnchorLine == ls + 1) ok = false;
        else {
          // In the parser's text only, when its start is known (the tag and columns hold no message).
          const ts = textStart(keyAt, e, variant);
          if (!gatePasses(ts ? ts : keyAt, e)) {
            noAnchorLine = ls + 1;
            ok = false;
          }
        }
      }
      if (!ok) continue;
      const lineNo = ln + popcnt<u32>(before);
      if (prefixOf != ls + 1) prefix(ls, e);
      // A line with code words is looked up by its code contexts first (most such lines share
      // them), then by its whole masked text.
      let verdict: i32 = -1;
      winCount = 0;
      lineClass = 0;
      if (!field) {
        const ce = coarseKey(textStart(keyAt, e, variant), e);
        if (ce) {
          const c = probe(hashKey(COARSE, ce, V_COARSE), COARSE, ce, V_COARSE);
          if (load<u32>(c)) verdict = load<i32>(c, 12);
          else if (shapeKey()) {
            const t = probe(hashKey(COARSE, ce, V_SHAPE), COARSE, ce, V_SHAPE);
            if (load<u32>(t)) verdict = load<i32>(t, 12);
          }
        }
      }
      if (verdict < 0) {
        const ke = maskedKey(keyAt, e, variant);
        const s = probe(hashKey(MASKED, ke, keyFormat), MASKED, ke, keyFormat);
        if (load<u32>(s)) verdict = load<i32>(s, 12);
      }
      if (verdict != 0) {
        record(n, lineNo, ls, e, verdict);
        if (!(tallyOn && verdict > 0 && tallied(n, lineNo))) n++;
      }
      ln = lineNo + 1;
      p = le + 1;
      lineStart = p;
      carry = 1;
      prev0 = i8x16.splat(0);
      prev1 = i8x16.splat(0);
      jumped = true;
      if (n == OUT_CAP || field) {
        resumeAt = p;
        linesDone = ln;
        return n;
      }
      break;
    }
    if (jumped) continue;
    if (nlm) lineStart = p + <usize>(32 - clz<u32>(nlm));
    ln += popcnt<u32>(nlm);
    p += 32;
  }
  resumeAt = end;
  linesDone = ln;
  return n;
}
