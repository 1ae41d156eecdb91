/**
 * String trimming by character class, in linear time. Patterns such as `/[.!]+$/` or `/^-+|-+$/g`
 * are quadratic on a long run of those characters that does not reach the end (each start position
 * rescans the run); these loops look at each character once.
 */

/** Drop trailing characters for which `test` holds. */
export function trimEndWhile(s: string, test: (ch: string) => boolean): string {
  let end = s.length;
  while (end > 0 && test(s[end - 1])) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Drop leading characters for which `test` holds. */
export function trimStartWhile(s: string, test: (ch: string) => boolean): string {
  let start = 0;
  while (start < s.length && test(s[start])) start++;
  return start === 0 ? s : s.slice(start);
}

/** Drop leading and trailing characters that are in `chars`. */
export function trimChars(s: string, chars: string): string {
  const t = (c: string) => chars.includes(c);
  return trimEndWhile(trimStartWhile(s, t), t);
}

/** Drop trailing characters that are in `chars`. */
export function trimEndChars(s: string, chars: string): string {
  return trimEndWhile(s, (c) => chars.includes(c));
}

const WS = /\s/;
export const isSpace = (c: string): boolean => WS.test(c);
