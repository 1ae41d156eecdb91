/**
 * Import one page a user saved (HTML, scraped text or Markdown): the same readers and merge as
 * the build, validated against the same schema, optionally saved to the user's overlay.
 */
import { statSync } from 'node:fs';
import { decodePage, readBounded } from '../util/decode.js';
import { basename, dirname, resolve, sep } from 'node:path';
import { readPage, type Format } from '../readers/index.js';
import { mergePages } from '../merge/merge.js';
import { listKits, kitMatches, kitNamedIn } from '../lookup/lookup.js';
import { saveToOverlay, overlayPath } from '../registry/overlay.js';
import { validateEntry } from '../registry/validate.js';
import type { DiagnosticRecord, Entry, KitInfo, KitRef, Lang } from '../registry/types.js';
import { UserError } from '../util/errors.js';
import { trimChars } from '../util/text.js';

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
  /** How the kit was chosen: `--kit`, the page header, its title or its folder. */
  kitFrom: string;
  page: string;
  entries: Entry[];
  diagnostics: DiagnosticRecord[];
  saved?: { path: string; added: number; replaced: number };
}

/** The largest page `import` reads (doc pages are well under 2 MiB). */
export const MAX_PAGE_BYTES = 16 * 1024 * 1024;

export function slug(s: string): string {
  return trimChars(s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-{2,}/g, '-'), '-');
}

function namedKit(g: string, kits: KitInfo[]): KitRef {
  const known = kits.find((k) => kitMatches(k, g));
  if (known) return { id: known.id, name: known.name };
  const id = slug(g) || `kit-${Buffer.from(g).toString('hex').slice(0, 12)}`;
  return { id, name: /[\u4e00-\u9fff]/.test(g) ? { zh: g } : { en: g } };
}

/**
 * Which kit a page belongs to, and how that was decided: `--kit`; else the page's own header
 * (`<!--Kit: …-->`, a breadcrumb); else a kit or a known page named in its title; else its folder
 * (`apis-universal-keystore-kit/…`, or a folder named like a kit).
 */
export function resolveKit(file: string, given: string | undefined, hints: string[], title: string | undefined): { kit: KitRef; from: string } | undefined {
  const kits = listKits({ overlay: true });
  if (given?.trim()) return { kit: namedKit(given.trim(), kits), from: '--kit' };
  const byHint = kitNamedIn(hints, kits);
  if (byHint) return { kit: { id: byHint.id, name: byHint.name }, from: `page header "${hints[0]}"` };
  const header = hints.find((h) => /\bkit\b|服务|框架/i.test(h) && h.length <= 60);
  if (header) return { kit: namedKit(header, kits), from: `page header "${header}" (a kit not in the registry)` };
  // "ArkTS API错误码" / "ArkTS API Error Codes" is the doc site's title for every kit's page: it
  // names the API language, not the kit.
  const ownTitle = title?.replace(/ArkTS\s*API\s*(?:错误码|error\s*codes?)/gi, '').trim();
  if (title && ownTitle) {
    const byTitle = kitNamedIn([ownTitle], kits);
    if (byTitle) return { kit: { id: byTitle.id, name: byTitle.name }, from: `page title "${title}"` };
    const t = title.trim().toLowerCase();
    const page = kits.flatMap((k) => k.pages.map((p) => ({ k, p }))).find(({ p }) => [p.title.zh, p.title.en].some((x) => x && x.trim().toLowerCase() === t));
    if (page) return { kit: { id: page.k.id, name: page.k.name }, from: `page title "${title}" (the title of ${page.k.id}/${page.p.id})` };
  }
  for (const folder of dirname(resolve(file)).split(sep).reverse().slice(0, 3)) {
    const id = folder.replace(/^apis-/, '').toLowerCase();
    const k = kits.find((x) => x.id === id) ?? kitNamedIn([folder.replace(/[-_]+/g, ' ')], kits.filter((x) => (x.name.en ?? '').length >= 4));
    if (k) return { kit: { id: k.id, name: k.name }, from: `folder "${folder}"` };
  }
  return undefined;
}

export async function importPage(file: string, opts: ImportOptions = {}): Promise<ImportResult> {
  try {
    if (statSync(file).isDirectory()) throw new UserError(`${file}: is a folder; give one saved page`);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const bytes = readBounded(file, MAX_PAGE_BYTES);
  if (bytes.includes(0) && !(bytes[0] === 0xff || bytes[0] === 0xfe)) throw new UserError(`${file}: binary file, not a saved page`);
  const { text, note } = decodePage(bytes, file);
  const result = readPage(text, { file, lang: opts.lang });
  if (note) result.diagnostics.unshift({ file, kind: 'charset', message: note, severity: 'notice' });
  const resolved = resolveKit(file, opts.kit, result.kitHints, result.title);
  if (!resolved) throw new UserError(`${file}: no kit found in the page header, its title or its folder; pass --kit "<kit name>"`);
  const { kit, from: kitFrom } = resolved;
  const pageId = opts.page ?? (slug(basename(file).replace(/\.[^.]+$/, '')) || 'page');
  const merged = mergePages([
    {
      file,
      lang: result.lang,
      kit,
      // A page without a title of its own is shown under its file name.
      page: { id: pageId, title: result.title ?? basename(file) },
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
  const out: ImportResult = { format: result.format, pageLang: result.lang, kit, kitFrom, page: pageId, entries, diagnostics };
  if (opts.save && entries.length) {
    const path = opts.overlay ?? overlayPath();
    out.saved = { path, ...(await saveToOverlay(entries, path)) };
  }
  return out;
}
