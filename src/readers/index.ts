/** Readers: one per source format, pure functions from text to records + diagnostics. */
import { readHtml } from './html.js';
import { readMarkdown } from './markdown.js';
import { readText } from './text.js';
import type { ReaderOptions, ReaderResult } from './types.js';

export type Format = 'markdown' | 'html' | 'text';
export { readHtml, readMarkdown, readText };
export type { ReaderOptions, ReaderResult, RawRecord, RawVariant, Diagnostic } from './types.js';

/** Pick the format from the file name, else from the content. */
export function detectFormat(text: string, file = ''): Format {
  if (/\.(md|markdown)$/i.test(file)) return 'markdown';
  if (/\.html?$/i.test(file)) return 'html';
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 4000);
  if (/^<(!doctype|html|h1|div|body|head|section|article|p)\b/i.test(head) || /<\/(div|h2|p)>/i.test(head)) return 'html';
  if (/^#{1,6} \S/m.test(head) && /^#{1,3} +-?\d{3,}/m.test(text)) return 'markdown';
  if (/^#\s/.test(head)) return 'markdown';
  return 'text';
}

export function readPage(text: string, opts: ReaderOptions & { format?: Format }): ReaderResult & { format: Format } {
  const format = opts.format ?? detectFormat(text, opts.file);
  const read = format === 'markdown' ? readMarkdown : format === 'html' ? readHtml : readText;
  return { ...read(text, opts), format };
}
