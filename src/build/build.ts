/**
 * The build pipeline: source folders → readers → kit/page assignment → merge → registry.
 * Deterministic: files are read in sorted order and nothing depends on time or the machine.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, posix, relative, sep } from 'node:path';
import { readPage } from '../readers/index.js';
import type { RawRecord, ReaderResult } from '../readers/types.js';
import { mergePages, type SourcePage } from '../merge/merge.js';
import type { ApiInfo, DiagnosticRecord, Entry, KitInfo, KitRef, Lang, Localized, Registry, RegistryStats, SourceSet } from '../registry/types.js';
import type { BuildConfig } from './config.js';
import { UserError } from '../util/errors.js';
import { kitNamedIn } from '../lookup/lookup.js';
import { enumNames, entryKey, groupApis, linkApis } from '../merge/apis.js';
import { readSdkDir, sdkCommit } from './sdk.js';

export interface BuildInput {
  config: BuildConfig;
  seedsDir?: string;
  docsDir?: string;
  /** interface_sdk-js (api/, arkts/, kits/): APIs and the codes they throw. */
  sdkDir?: string;
  onProgress?: (done: number, total: number) => void;
}

const DOCS_BASE = 'https://gitee.com/openharmony/docs/blob';

function listFiles(dir: string, pred: (rel: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const rel = relative(dir, p).split(sep).join('/');
        if (pred(rel)) out.push(rel);
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** `MANIFEST*.tsv`: lang, repo_path, commit, …, local_path. */
function readManifests(docsDir: string): Map<string, { lang: Lang; repoPath: string; commit: string }> {
  const map = new Map<string, { lang: Lang; repoPath: string; commit: string }>();
  for (const name of readdirSync(docsDir).filter((n) => /^MANIFEST.*\.tsv$/i.test(n)).sort()) {
    const lines = readFileSync(join(docsDir, name), 'utf8').split(/\r?\n/).filter(Boolean);
    const header = lines[0]?.split('\t') ?? [];
    const col = (n: string) => header.indexOf(n);
    const [iLang, iRepo, iCommit, iLocal] = [col('lang'), col('repo_path'), col('commit'), col('local_path')];
    if (iRepo < 0 || iLocal < 0) throw new UserError(`${join(docsDir, name)}:1: expected columns repo_path and local_path`);
    lines.slice(1).forEach((l) => {
      const c = l.split('\t');
      const lang = (c[iLang] ?? '').startsWith('zh') ? 'zh' : 'en';
      map.set(c[iLocal], { lang, repoPath: c[iRepo], commit: iCommit >= 0 ? c[iCommit] : '' });
    });
  }
  return map;
}

/** Relative doc links → a stable URL at the commit the page was taken from. */
function linkResolver(repoPath: string | undefined, commit: string | undefined) {
  return (url: string): string => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return url;
    if (!repoPath) return url;
    const [path, hash] = url.split('#');
    const target = path ? posix.normalize(posix.join(posix.dirname(repoPath), path)) : repoPath;
    return `${DOCS_BASE}/${commit || 'master'}/${target}${hash ? '#' + hash : ''}`;
  };
}

function kitFromHints(hints: string[], config: BuildConfig): string | undefined {
  return kitNamedIn(hints, Object.entries(config.kits).map(([id, name]) => ({ id, name })))?.id;
}

function kitRef(id: string, config: BuildConfig, hint?: string): KitRef {
  const name = config.kits[id] ?? (hint ? { en: hint } : { en: id });
  return { id, name };
}

export interface PageRead {
  source: SourcePage;
  result: ReaderResult;
}

/** Assign rows of a table to the kit its lead-in sentence names (another kit's codes). */
function tableAssigner(config: BuildConfig, ownKit: string, lang: Lang) {
  return (rec: RawRecord) => {
    if (!rec.context) return undefined;
    const id = kitFromHints([rec.context.text, ...rec.context.links.map((l) => l.text)], config);
    if (!id || id === ownKit) return undefined;
    const tp = config.tablePages[id];
    const pageId = tp?.id ?? `${id}-codes`;
    const title: Localized = {};
    if (tp?.zh) title.zh = tp.zh;
    if (tp?.en) title.en = tp.en;
    if (!title[lang]) {
      const link = rec.context.links.find((l) => l.text.trim());
      const kitName = config.kits[id]?.[lang] ?? config.kits[id]?.en ?? id;
      title[lang] = link?.text.trim() ?? (lang === 'zh' ? `${kitName}错误码` : `${kitName} Error Codes`);
    }
    return { kit: kitRef(id, config), page: { id: pageId, title } };
  };
}

export function readSeeds(seedsDir: string, config: BuildConfig, diagnostics: DiagnosticRecord[]): PageRead[] {
  const out: PageRead[] = [];
  for (const rel of listFiles(seedsDir, (r) => !r.startsWith('.') && !/(^|\/)(README|MANIFEST)/i.test(r))) {
    const file = `seeds/${rel}`;
    const text = readFileSync(join(seedsDir, rel), 'utf8');
    const map = config.seeds[basename(rel)];
    const result = readPage(text, { file, lang: map?.lang });
    const kitId = map?.kit ?? kitFromHints(result.kitHints, config);
    if (!kitId) {
      diagnostics.push({ file, kind: 'seed-unmapped', severity: 'error', message: `no kit for this page: add it under "seeds:" in data/kits.yaml` });
      continue;
    }
    if (!config.kits[kitId]) {
      diagnostics.push({ file, kind: 'kit-unknown', severity: 'error', message: `kit "${kitId}" is not listed under "kits:" in data/kits.yaml` });
    }
    const pageId = map?.page ?? basename(rel).replace(/\.[^.]+$/, '');
    out.push({
      result,
      source: {
        file,
        lang: result.lang,
        kit: kitRef(kitId, config),
        page: { id: pageId, ...(result.title ? { title: result.title } : {}) },
        records: result.records,
        assign: tableAssigner(config, kitId, result.lang),
      },
    });
  }
  return out;
}

export function readDocs(docsDir: string, config: BuildConfig, diagnostics: DiagnosticRecord[], onFile?: () => void): { pages: PageRead[]; sources: SourceSet } {
  const manifest = readManifests(docsDir);
  const pages: PageRead[] = [];
  const files: SourceSet['files'] = [];
  for (const rel of listFiles(docsDir, (r) => /\.md$/i.test(r))) {
    onFile?.();
    const parts = rel.split('/');
    if (parts.length < 3) continue; // <lang>/<kit folder>/<page>.md
    const [langDir, folder] = parts;
    const lang: Lang = langDir.startsWith('zh') ? 'zh' : 'en';
    const stem = basename(rel).replace(/\.md$/i, '');
    const m = manifest.get(rel);
    const file = `docs/${rel}`;
    files.push({ path: rel, lang, ...(m?.commit ? { commit: m.commit } : {}), ...(m?.repoPath ? { origin: m.repoPath } : {}) });
    const text = readFileSync(join(docsDir, rel), 'utf8');
    const result = readPage(text, { file, lang, format: 'markdown', resolveLink: linkResolver(m?.repoPath, m?.commit) });
    const kitId = config.folders[folder] ?? folder.replace(/^apis-/, '');
    if (!config.kits[kitId]) {
      diagnostics.push({ file, kind: 'kit-name-missing', severity: 'notice', message: `kit "${kitId}" has no display names in data/kits.yaml; using "${result.kitHints[0] ?? kitId}"` });
    }
    const kind = config.pageKinds[stem];
    pages.push({
      result,
      source: {
        file,
        lang,
        kit: kitRef(kitId, config, result.kitHints[0]),
        page: { id: stem, ...(result.title ? { title: result.title } : {}) },
        ...(stem.endsWith('-sys') ? { systemApi: true } : {}),
        ...(kind ? { kind } : {}),
        records: result.records,
        assign: tableAssigner(config, kitId, lang),
      },
    });
  }
  return {
    pages,
    sources: {
      id: 'openharmony-docs',
      description: 'OpenHarmony documentation (docs repository), error-code reference pages, zh-cn and en',
      license: 'CC-BY-4.0',
      files,
    },
  };
}

function explain(d: DiagnosticRecord, config: BuildConfig): DiagnosticRecord {
  if (d.severity !== 'error') return d;
  const hit = config.explained.find((e) => e.kind === d.kind && (!e.file || d.file.endsWith(e.file)) && (!e.section || d.section === e.section));
  return hit ? { ...d, explained: hit.why } : d;
}

export function buildRegistry(input: BuildInput): Registry {
  const { config } = input;
  const diagnostics: DiagnosticRecord[] = [];
  const reads: PageRead[] = [];
  const sources: SourceSet[] = [];
  if (input.seedsDir) {
    if (!existsSync(input.seedsDir)) throw new UserError(`--seeds ${input.seedsDir}: no such folder`);
    const seeds = readSeeds(input.seedsDir, config, diagnostics);
    reads.push(...seeds);
    sources.push({
      id: 'seeds',
      description: 'Doc-site pages saved as HTML or text (HarmonyOS developer documentation)',
      files: seeds.map((s) => ({ path: s.source.file.replace(/^seeds\//, ''), lang: s.source.lang })),
    });
  }
  if (input.docsDir) {
    if (!existsSync(input.docsDir)) throw new UserError(`--docs ${input.docsDir}: no such folder`);
    let done = 0;
    const total = listFiles(input.docsDir, (r) => /\.md$/i.test(r)).length;
    const docs = readDocs(input.docsDir, config, diagnostics, () => input.onProgress?.(++done, total));
    reads.push(...docs.pages);
    sources.push(docs.sources);
  }
  for (const r of reads) diagnostics.push(...r.result.diagnostics.map((d) => ({ ...d })));
  const merged = mergePages(reads.map((r) => r.source));
  diagnostics.push(...merged.diagnostics);
  let entries = merged.entries;
  let apis: ApiInfo[] = [];
  const apiLinks: Record<string, number[]> = {};
  if (input.sdkDir) {
    if (!existsSync(input.sdkDir)) throw new UserError(`--sdk ${input.sdkDir}: no such folder`);
    const sdk = readSdkDir(input.sdkDir, config, sdkCommit(input.sdkDir));
    diagnostics.push(...sdk.diagnostics);
    sources.push(sdk.source);
    apis = groupApis(sdk.files).filter((a) => a.throws.length);
    const linked = linkApis(apis, entries, (id) => (id ? kitRef(id, config) : { id: 'sdk', name: { en: 'SDK (no kit)', zh: 'SDK（未归属 Kit）' } }), SDK_PAGE);
    merged.conflicts.push(...linked.conflicts);
    const names = enumNames(sdk.files, new Set(apis.flatMap((a) => a.throws.map((t) => t.code))));
    for (const [key, idx] of [...linked.links].sort((a, b) => (a[0] < b[0] ? -1 : 1))) apiLinks[key] = idx;
    entries = linked.entries.map((e) => {
      const out: Entry = { ...e };
      const l = linked.links.get(entryKey(e));
      if (l?.length) out.thrownBy = { count: l.length, apis: l.slice(0, THROWN_BY_SAMPLE).map((i) => apis[i].name) };
      if (!out.name) {
        const n = names.get(e.code)?.find((x) => x.kit === e.kit.id);
        if (n) {
          out.name = n.name;
          out.nameFrom = n.from;
        }
      }
      return out;
    });
    entries.sort((a, b) => (a.kit.id < b.kit.id ? -1 : a.kit.id > b.kit.id ? 1 : 0) || (a.page.id < b.page.id ? -1 : a.page.id > b.page.id ? 1 : 0) || a.code - b.code || (a.occurrence ?? 1) - (b.occurrence ?? 1));
    merged.conflicts.sort((a, b) => (a.kit < b.kit ? -1 : a.kit > b.kit ? 1 : 0) || (a.page < b.page ? -1 : a.page > b.page ? 1 : 0) || a.code - b.code || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
  }
  // An explanation for a file that was read but matches no diagnostic is stale: the page changed.
  const read = new Set(reads.map((r) => r.source.file));
  for (const e of config.explained) {
    if (!e.file || ![...read].some((f) => f.endsWith(e.file!))) continue;
    const used = diagnostics.some((d) => d.severity === 'error' && d.kind === e.kind && d.file.endsWith(e.file!) && (!e.section || d.section === e.section));
    if (!used) diagnostics.push({ file: 'data/kits.yaml', section: `explained: ${e.file}${e.section ? ' / ' + e.section : ''}`, kind: 'stale-explanation', message: `no ${e.kind} diagnostic of ${e.file} matches this explanation any more: remove it`, severity: 'error' });
  }
  const all = diagnostics.map((d) => explain(d, config)).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  return assemble(entries, sources, merged.conflicts, all, merged.pairing, apis, apiLinks);
}

/** The page SDK-only entries are listed under, in every kit. */
const SDK_PAGE = { id: 'sdk-declarations', title: { zh: 'SDK 声明中的错误码（@throws）', en: 'Codes from the SDK declarations (@throws)' } };
/** How many API names an entry carries; the full list is in data/apis.json. */
const THROWN_BY_SAMPLE = 5;

export function assemble(
  entries: Entry[],
  sources: SourceSet[],
  conflicts: Registry['conflicts'],
  diagnostics: DiagnosticRecord[],
  pairing: RegistryStats['pairing'],
  apis: ApiInfo[] = [],
  apiLinks: Record<string, number[]> = {},
): Registry {
  const kitsMap = new Map<string, KitInfo>();
  for (const e of entries) {
    let kit = kitsMap.get(e.kit.id);
    if (!kit) kitsMap.set(e.kit.id, (kit = { id: e.kit.id, name: e.kit.name, entries: 0, pages: [] }));
    kit.entries++;
    let page = kit.pages.find((p) => p.id === e.page.id);
    if (!page) {
      page = { id: e.page.id, title: e.page.title, entries: 0 };
      if (e.systemApi) page.systemApi = true;
      if (e.kind) page.kind = e.kind;
      kit.pages.push(page);
    }
    page.entries++;
  }
  const kits = [...kitsMap.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const k of kits) k.pages.sort((a, b) => (a.id < b.id ? -1 : 1));
  const has = (e: Entry, lang: Lang) => !!(e.title[lang] || e.description?.[lang] || e.causes?.[lang] || e.solutions?.[lang]);
  const stats: RegistryStats = {
    kits: kits.length,
    pages: kits.reduce((n, k) => n + k.pages.length, 0),
    entries: entries.length,
    withZh: entries.filter((e) => has(e, 'zh')).length,
    withEn: entries.filter((e) => has(e, 'en')).length,
    withBoth: entries.filter((e) => has(e, 'zh') && has(e, 'en')).length,
    missingMessage: entries.filter((e) => !e.messages.length).length,
    missingCause: entries.filter((e) => !e.causes && !e.variants?.some((v) => v.causes)).length,
    missingSolution: entries.filter((e) => !e.solutions && !e.variants?.some((v) => v.solutions)).length,
    pairing: { ...pairing, ratio: Math.round(pairing.ratio * 10000) / 10000, coverage: Math.round(pairing.coverage * 10000) / 10000 },
    conflicts: conflicts.length,
    diagnostics: {
      errors: diagnostics.filter((d) => d.severity === 'error' && !d.explained).length,
      explained: diagnostics.filter((d) => d.explained).length,
      notices: diagnostics.filter((d) => d.severity === 'notice').length,
    },
  };
  if (apis.length) {
    stats.sdk = {
      apis: apis.length,
      throws: apis.reduce((n, a) => n + a.throws.length, 0),
      codes: new Set(apis.flatMap((a) => a.throws.map((t) => t.code))).size,
      sdkOnly: entries.filter((e) => e.sdkOnly).length,
    };
  }
  const body = { sources, kits, entries, stats, conflicts, diagnostics, apis, apiLinks };
  const dataVersion = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16);
  return { schemaVersion: 1, dataVersion, ...body };
}
