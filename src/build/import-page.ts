/**
 * Import one page a user saved (HTML, scraped text or Markdown): the same readers and merge as
 * the build, validated against the same schema, optionally saved to the user's overlay.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { readPage, type Format } from '../readers/index.js';
import { mergePages } from '../merge/merge.js';
import { listKits, kitMatches, kitNamedIn } from '../lookup/lookup.js';
import { saveToOverlay, overlayPath } from '../registry/overlay.js';
import { validateEntry } from '../registry/validate.js';
import type { DiagnosticRecord, Entry, KitRef, Lang } from '../registry/types.js';
import { UserError } from '../util/errors.js';

export interface ImportOptions {
  kit?: string;
  lang?: Lang;
  page?: string;
  save?: boolean;
  /** Overlay file (default: the user's). */
  overlay?: string;
}

export interface ImportResult {
  format: Format;
  pageLang: Lang;
  kit: KitRef;
  page: string;
  entries: Entry[];
  diagnostics: DiagnosticRecord[];
  saved?: { path: string; added: number; replaced: number };
}

export function slug(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function resolveKit(given: string | undefined, hints: string[]): KitRef | undefined {
  const kits = listKits({ overlay: true });
  if (given) {
    const g = given.trim();
    const known = kits.find((k) => kitMatches(k, g));
    if (known) return { id: known.id, name: known.name };
    const id = slug(g) || `kit-${Buffer.from(g).toString('hex').slice(0, 12)}`;
    return { id, name: /[\u4e00-\u9fff]/.test(g) ? { zh: g } : { en: g } };
  }
  const k = kitNamedIn(hints, kits);
  return k && { id: k.id, name: k.name };
}

export async function importPage(file: string, opts: ImportOptions = {}): Promise<ImportResult> {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new UserError(`${file}: is a folder; give one saved page`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (text.includes('\u0000')) throw new UserError(`${file}: binary file, not a saved page`);
  const result = readPage(text, { file, lang: opts.lang });
  const kit = resolveKit(opts.kit, result.kitHints);
  if (!kit) throw new UserError(`${file}: the page does not name its kit; pass --kit "<kit name>"`);
  const pageId = opts.page ?? (slug(basename(file).replace(/\.[^.]+$/, '')) || 'page');
  const merged = mergePages([
    {
      file,
      lang: result.lang,
      kit,
      page: { id: pageId, ...(result.title ? { title: result.title } : {}) },
      records: result.records,
    },
  ]);
  const diagnostics: DiagnosticRecord[] = [...result.diagnostics, ...merged.diagnostics.filter((d) => d.kind !== 'unpaired')];
  const entries: Entry[] = [];
  for (const e of merged.entries) {
    const problems = validateEntry(e);
    if (problems.length) {
      diagnostics.push({ file, section: String(e.code), kind: 'invalid-entry', severity: 'error', message: `entry ${e.code} was left out: ${problems.join('; ')}` });
      continue;
    }
    entries.push(e);
  }
  const out: ImportResult = { format: result.format, pageLang: result.lang, kit, page: pageId, entries, diagnostics };
  if (opts.save && entries.length) {
    const path = opts.overlay ?? overlayPath();
    out.saved = { path, ...saveToOverlay(entries, path) };
  }
  return out;
}
