/**
 * Input bounds the readers check before parsing: nesting so deep that a tree walk would overflow
 * the stack, or that makes Markdown parsing slow (a 100 KB run of `>`, a 5,000-level list). A page
 * over a bound is refused with a diagnostic naming the line; real doc pages nest a few levels.
 * One linear pass each.
 */

/**
 * Largest Markdown / text page read, in characters: the Markdown parser runs at some 150 KB/s on
 * label-dense pages, and the largest doc page is 83 KB.
 */
export const MAX_MD_CHARS = 256 * 1024;
/** Most elements an HTML page may have (a saved doc page with its site chrome: under 10,000). */
export const MAX_HTML_ELEMENTS = 50_000;

/** Deepest element nesting a page may have (doc pages: under 30). */
export const MAX_HTML_DEPTH = 256;
/** Deepest blockquote / list nesting a Markdown page may have (doc pages: under 6). */
export const MAX_MD_DEPTH = 32;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** The first place where HTML elements nest deeper than MAX_HTML_DEPTH, or outnumber MAX_HTML_ELEMENTS. */
export function htmlTooDeep(text: string): { line: number; what: string } | undefined {
  let depth = 0;
  let elements = 0;
  const tag = /<(\/?)([A-Za-z][\w:-]*)(?:[^<>\w:-][^<>]*)?>/g;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const name = m[2].toLowerCase();
    if (!m[1] && ++elements > MAX_HTML_ELEMENTS) return { line: lineAt(text, m.index), what: `more than ${MAX_HTML_ELEMENTS} elements` };
    if (VOID.has(name) || m[0].endsWith('/>')) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > MAX_HTML_DEPTH) return { line: lineAt(text, m.index), what: `elements nested more than ${MAX_HTML_DEPTH} levels deep` };
  }
  return undefined;
}

/** The first line whose blockquote or list nesting exceeds MAX_MD_DEPTH, if any. */
export function markdownTooDeep(text: string): { line: number; what: string } | undefined {
  let line = 0;
  let listIndents: number[] = [];
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    // Leading `>` markers (with blanks between) and the indentation before a list marker.
    let i = start;
    let quotes = 0;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 62 /* > */) quotes++;
      else if (c !== 32 && c !== 9) break;
    }
    if (quotes > MAX_MD_DEPTH) return { line, what: `${quotes} nested quotes` };
    if (quotes === 0) {
      let indent = 0;
      let j = start;
      for (; j < end && (text[j] === ' ' || text[j] === '\t'); j++) indent += text[j] === '\t' ? 4 : 1;
      const marker = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/.exec(text.slice(j, Math.min(end, j + 12)));
      if (marker) {
        listIndents = listIndents.filter((x) => x < indent);
        listIndents.push(indent);
        if (listIndents.length > MAX_MD_DEPTH) return { line, what: `a list nested ${listIndents.length} levels` };
      } else if (j < end && indent === 0) listIndents = [];
    }
    start = end + 1;
  }
  return undefined;
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
