/**
 * OpenHarmony error-code pages in Markdown (`docs/<lang>/application-dev/reference/<kit>/errorcode-*.md`).
 * Parsed with micromark/mdast (GFM tables included); sections are cut by the shared walker.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { plain } from './render.js';
import { extractSections } from './sections.js';
import { detectLang, type ReaderOptions, type ReaderResult } from './types.js';

export function readMarkdown(text: string, opts: ReaderOptions): ReaderResult {
  const root = fromMarkdown(text.replace(/^\uFEFF/, ''), {
    extensions: [gfm()],
    mdastExtensions: [gfmFromMarkdown()],
  });
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
