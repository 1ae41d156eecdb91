/**
 * The number mask of `scan`: what a log line says, with the numbers that change from line to line
 * (counts, sizes, ids, hex values) replaced by zeros, length kept. `scan` judges a line by its
 * masked text, so "loaded 123 items" and "loaded 456 items" get one verdict and the prefilter's
 * verdict cache (which keys on the same mask, in `wasm/prefilter.ts`) answers the second line
 * without the parser. Message templates are masked the same way for scanning (Matcher.masked), so a
 * masked line matches a masked template whenever the line matches the template.
 *
 * What is masked, in ASCII-alphanumeric tokens (maximal runs of [0-9A-Za-z]):
 *  - every digit becomes `0`;
 *  - a hex token (all hex digits, at least 6 long, with a digit; or `0x` + hex digits) becomes
 *    zeros entirely (after its `0x`);
 *  - except an error code: the token right after `code` / `errno` / `错误码` and separators
 *    (quotes, blanks, `=`, `:`, `-`, `is`, any non-ASCII character), and digits that follow
 *    `code` / `errno` inside a token (`code401`), are kept as they are: the code is the verdict.
 * Everything else (letters, punctuation, non-ASCII text) is kept. Linear in the length.
 *
 * The WebAssembly twin (`maskBytes` in wasm/prefilter.ts) must give the same bytes for the UTF-8
 * of the same text: test/mask.test.ts checks that on random inputs.
 */

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAlnum = (c: number) => isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
const isHex = (c: number) => isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
/** What may stand between `code` and the number (a superset of the parser's separators). */
const isSep = (c: number) => c === 0x22 || c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x3d || c === 0x3a || c === 0x2d || c >= 0x80;

/** `code` or `errno` (any case) ends at s[end - 1] (ASCII compared by code: no allocation). */
function codeWordEnds(s: string, start: number, end: number): boolean {
  const n = end - start;
  const at = (i: number) => s.charCodeAt(i) | 0x20;
  if (n >= 4 && at(end - 4) === 0x63 && at(end - 3) === 0x6f && at(end - 2) === 0x64 && at(end - 1) === 0x65) return true;
  return n >= 5 && at(end - 5) === 0x65 && at(end - 4) === 0x72 && at(end - 3) === 0x72 && at(end - 2) === 0x6e && at(end - 1) === 0x6f;
}

function hexToken(s: string, i: number, j: number): number {
  // Returns where the zeros start (i, or i + 2 after 0x), or -1.
  const n = j - i;
  if (n >= 3 && s.charCodeAt(i) === 0x30 && (s.charCodeAt(i + 1) | 0x20) === 0x78) {
    for (let k = i + 2; k < j; k++) if (!isHex(s.charCodeAt(k))) return -1;
    return i + 2;
  }
  if (n < 6) return -1;
  let digit = false;
  for (let k = i; k < j; k++) {
    const c = s.charCodeAt(k);
    if (!isHex(c)) return -1;
    if (isDigit(c)) digit = true;
  }
  return digit ? i : -1;
}

export function maskNumbers(s: string): string {
  // Fast path: nothing to mask.
  if (!/[0-9]/.test(s)) return s;
  let out = '';
  let last = 0; // s[last, i) is copied as is
  let pending = false; // after a code word, waiting for its number
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (!isAlnum(c)) {
      if (pending) pending = isSep(c);
      // 错误码 (error code) opens a code context too.
      if (c === 0x9519 && s.charCodeAt(i + 1) === 0x8bef && s.charCodeAt(i + 2) === 0x7801) {
        pending = true;
        i += 3;
        continue;
      }
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isAlnum(s.charCodeAt(j))) j++;
    if (pending && isDigit(c)) {
      // The code itself: kept.
      pending = false;
      i = j;
      continue;
    }
    if (pending && j - i === 2 && (c | 0x20) === 0x69 && (s.charCodeAt(i + 1) | 0x20) === 0x73) {
      i = j; // "code is 401"
      continue;
    }
    pending = false;
    const zeros = hexToken(s, i, j);
    if (zeros >= 0) {
      out += s.slice(last, zeros) + '0'.repeat(j - zeros);
      last = j;
    } else {
      // Digits become 0, except those right after `code` / `errno` inside the token.
      let k = i;
      while (k < j) {
        if (!isDigit(s.charCodeAt(k))) {
          k++;
          continue;
        }
        let d = k + 1;
        while (d < j && isDigit(s.charCodeAt(d))) d++;
        if (!codeWordEnds(s, i, k)) {
          out += s.slice(last, k) + '0'.repeat(d - k);
          last = d;
        }
        k = d;
      }
    }
    pending = codeWordEnds(s, i, j);
    i = j;
  }
  return last === 0 ? s : out + s.slice(last);
}
