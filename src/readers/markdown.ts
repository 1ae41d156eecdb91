/**
 * OpenHarmony error-code pages in Markdown (`docs/<lang>/application-dev/reference/<kit>/errorcode-*.md`).
 * Parsed with micromark/mdast (GFM tables included); sections are cut by the shared walker.
 */
import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { plain } from './render.js';
import { extractSections } from './sections.js';
import { labelField } from './labels.js';
import { markdownTooDeep, MAX_MD_CHARS, MAX_MD_DEPTH } from './bounds.js';
import { detectLang, type ReaderOptions, type ReaderResult } from './types.js';

/**
 * A label line written straight under a list item (`2. …` then `**Solution**` on the next line)
 * is, by CommonMark's lazy continuation, part of that item. Writers mean a new label: put a blank
 * line before a bold line that is a label, outside fenced code.
 */
function separateLabels(text: string): { text: string; inserted: number[] } {
  const lines = text.split('\n');
  const inserted: number[] = [];
  let fence: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(lines[i]);
    if (f) fence = fence ? (f[1][0] === fence[0] ? undefined : fence) : f[1];
    if (fence) continue;
    const m = /^[ \t]{0,3}\*\*([^*\n]{1,40})\*\*[ \t]*(?:[:：][ \t]*)?$/.exec(lines[i]);
    if (m && lines[i - 1].trim() && labelField(m[1])) {
      lines[i] = '\n' + lines[i].trimStart();
      inserted.push(i + 1);
    }
  }
  return { text: lines.join('\n'), inserted };
}

/** Map line numbers of the re-spaced text back to the source's. */
function restoreLines(root: Root, inserted: number[]): void {
  if (!inserted.length) return;
  // inserted[k] is the original 1-based line before which the k-th blank line went.
  const shift = (line: number) => {
    let n = 0;
    for (let k = 0; k < inserted.length && inserted[k] + k < line; k++) n++;
    return line - n;
  };
  const stack: Nodes[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.position) {
      node.position.start.line = shift(node.position.start.line);
      node.position.end.line = shift(node.position.end.line);
    }
    if ('children' in node) stack.push(...(node.children as Nodes[]));
  }
}

export function readMarkdown(text: string, opts: ReaderOptions): ReaderResult {
  if (text.length > MAX_MD_CHARS) {
    return { lang: opts.lang ?? 'en', kitHints: [], records: [], diagnostics: [{ file: opts.file, kind: 'too-large', message: `${text.length} characters, more than the ${MAX_MD_CHARS} a Markdown page may have; the page was not read`, severity: 'error' }] };
  }
  const deep = markdownTooDeep(text);
  if (deep) {
    return { lang: opts.lang ?? 'en', kitHints: [], records: [], diagnostics: [{ file: opts.file, line: deep.line, kind: 'too-deep', message: `${deep.what} (more than ${MAX_MD_DEPTH}); the page was not read`, severity: 'error' }] };
  }
  const spaced = separateLabels(text.replace(/^\uFEFF/, ''));
  const root = fromMarkdown(spaced.text, {
    extensions: [gfm()],
    mdastExtensions: [gfmFromMarkdown()],
  });
  restoreLines(root, spaced.inserted);
  const h1 = root.children.find((n) => n.type === 'heading' && n.depth === 1);
  const { records, diagnostics, hints } = extractSections(root, opts);
  const result: ReaderResult = {
    lang: opts.lang ?? detectLang(text),
    kitHints: hints,
    records,
    diagnostics,
  };
  if (h1) result.title = plain(h1);
  if (!records.length) {
    diagnostics.push({
      file: opts.file,
      kind: 'no-sections',
      message: 'no `CODE Title` heading found: is this an error-code page?',
      severity: 'error',
    });
  }
  return result;
}
