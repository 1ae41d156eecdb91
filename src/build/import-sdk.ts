/**
 * Import SDK declaration files a user has (`@hms.*.d.ts` from DevEco Studio, another SDK version):
 * the SDK reader on each file, overloads grouped, codes linked to the registry, codes no entry
 * documents made SDK-only entries; optionally saved to the user's overlay.
 */
import { statSync } from 'node:fs';
import { declarationFiles } from './sdk.js';
import { sdkKitRef } from '../registry/sdk-kits.js';
import { decodePage, readBounded } from '../util/decode.js';
import { basename, relative, sep } from 'node:path';
import { readSdk, moduleOf } from '../readers/sdk.js';
import { groupApis, linkApis, type SdkFile } from '../merge/apis.js';
import { listKits, lookup } from '../lookup/lookup.js';
import { saveToOverlay, overlayPath } from '../registry/overlay.js';
import { validateEntry } from '../registry/validate.js';
import { entryRef, type ApiInfo, type DiagnosticRecord, type Entry, type KitRef } from '../registry/types.js';
import { UserError } from '../util/errors.js';

/** Bounds on what one import reads. */
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export interface SdkImportResult {
  files: number;
  apis: ApiInfo[];
  /** SDK-only entries made for codes the registry does not document. */
  entries: Entry[];
  diagnostics: DiagnosticRecord[];
  saved?: { path: string; added: number; replaced: number };
}

function filesOf(path: string): { abs: string; rel: string }[] {
  if (!statSync(path).isDirectory()) return [{ abs: path, rel: basename(path) }];
  return declarationFiles(path, MAX_FILES).map((abs) => ({ abs, rel: relative(path, abs).split(sep).join('/') }));
}

export async function importSdk(path: string, opts: { save?: boolean; overlay?: string; kit?: string } = {}): Promise<SdkImportResult> {
  let files: { abs: string; rel: string }[];
  try {
    files = filesOf(path);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (!files.length) throw new UserError(`${path}: no .d.ts or .d.ets files in this folder`);
  const diagnostics: DiagnosticRecord[] = [];
  const read: SdkFile[] = [];
  const reexports = new Map<string, string>();
  for (const f of files) {
    let text: string;
    try {
      text = decodePage(readBounded(f.abs, MAX_FILE_BYTES), f.abs).text;
    } catch (e) {
      diagnostics.push({ file: f.abs, kind: 'unreadable', message: (e as Error).message.replace(`${f.abs}: `, ''), severity: 'error' });
      continue;
    }
    if (text.includes('\u0000')) {
      diagnostics.push({ file: f.abs, kind: 'binary', message: 'binary file, not a declaration file', severity: 'error' });
      continue;
    }
    const result = readSdk(text, { file: f.abs });
    diagnostics.push(...result.diagnostics);
    if (/^@kit\./.test(basename(f.abs))) for (const m of result.reexports) reexports.set(moduleOf(m), moduleOf(f.abs).replace(/^@kit\./, ''));
    read.push({ file: f.abs, result });
  }
  for (const f of read) {
    const name = opts.kit ?? f.result.kit ?? reexports.get(f.result.module);
    if (name) f.kit = sdkKitRef(name, listKits());
    else if (f.result.decls.some((d) => d.throws.length)) {
      diagnostics.push({ file: f.file, kind: 'sdk-no-kit', message: `no @kit tag: its codes are filed under the "sdk" kit (pass --kit to choose one)`, severity: 'notice' });
    }
  }
  const apis = groupApis(read.filter((f) => !/^@kit\./.test(basename(f.file)))).filter((a) => a.throws.length);
  const known = [...new Set(apis.flatMap((a) => a.throws.map((t) => t.code)))].flatMap((c) => lookup(c));
  const linked = linkApis(apis, known, (id) => (id ? read.find((f) => f.kit?.id === id)?.kit ?? { id, name: { en: id } } : { id: 'sdk', name: { en: 'SDK (no kit)', zh: 'SDK（未归属 Kit）' } }), {
    id: 'sdk-declarations',
    title: { zh: 'SDK 声明中的错误码（@throws）', en: 'Codes from the SDK declarations (@throws)' },
  });
  const entries: Entry[] = [];
  for (const made of linked.entries.filter((x) => x.sdkOnly)) {
    const l = linked.links.get(entryRef(made)) ?? [];
    const e: Entry = l.length ? { ...made, thrownBy: { count: l.length, apis: l.slice(0, 5).map((i) => apis[i].name) } } : made;
    const problems = validateEntry(e);
    if (problems.length) diagnostics.push({ file: e.sources[0].file, section: String(e.code), kind: 'invalid-entry', severity: 'error', message: `entry ${e.code} was left out: ${problems.join('; ')}` });
    else entries.push(e);
  }
  const out: SdkImportResult = { files: files.length, apis, entries, diagnostics };
  if (opts.save && (apis.length || entries.length)) {
    const p = opts.overlay ?? overlayPath();
    out.saved = { path: p, ...(await saveToOverlay(entries, p, apis)) };
  }
  return out;
}
