/**
 * `ohos-errors gen`: the registry as code. One source text serves ArkTS and TypeScript: an enum
 * of numeric constants per kit (universal codes once, in `CommonErrorCode`), each documented with
 * its title, message, first fix step and page, and a small offline explainer (`explain`,
 * `describe`) over data embedded for the chosen kits only. The text keeps to what the ArkTS
 * linter accepts (no any, no index signatures, no untyped object literals, no destructuring …):
 * test/gen.test.ts runs the linter of ohos-typescript over it.
 *
 * Layouts: ArkTS as an OHPM package (oh-package.json5, Index.ets, src/main/ets/…); TypeScript as
 * an ESM module (index.js, index.d.ts, package.json), compiled here with ohos-typescript.
 */
import ts from 'ohos-typescript';
import type { Entry, Registry } from '../registry/types.js';
import { entryRef } from '../registry/types.js';
import { assignNames, type NameLock } from './names.js';

export type GenLang = 'zh' | 'en' | 'both';

export interface GenOptions {
  /** Kit ids to include (all when empty); universal codes are always included. */
  kits?: string[];
  lang: GenLang;
  /** The command line that regenerates the output, for its header. */
  command?: string;
}

export interface GenGroup {
  kit: string;
  enumName: string;
  kitName: { zh?: string; en?: string };
  members: { name: string; entry: Entry }[];
}

export interface GenModel {
  groups: GenGroup[];
  dataVersion: string;
  /** Names the lock did not have (entries of a user's overlay, or a registry newer than the lock). */
  unlocked: number;
}

const UNIVERSAL = 'universal';

function pascal(kit: string): string {
  const p = kit
    .replace(/-kit$/, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
  return /^[0-9]/.test(p) ? `Kit${p}` : p;
}

/** Which entries go where, with their names. */
export function genModel(reg: Pick<Registry, 'entries' | 'kits' | 'dataVersion'>, lock: NameLock, opts: GenOptions): GenModel {
  const wanted = new Set(opts.kits?.length ? [...opts.kits, UNIVERSAL] : reg.kits.map((k) => k.id));
  const universal = new Set(reg.entries.filter((e) => e.kit.id === UNIVERSAL).map((e) => e.code));
  const entries = reg.entries.filter((e) => wanted.has(e.kit.id) && (e.kit.id === UNIVERSAL || !universal.has(e.code)));
  const { names, added } = assignNames(entries, lock);
  const groups = new Map<string, GenGroup>();
  const enumNames = new Set<string>();
  for (const kit of [...wanted].sort((a, b) => (a === UNIVERSAL ? -1 : b === UNIVERSAL ? 1 : a < b ? -1 : 1))) {
    const info = reg.kits.find((k) => k.id === kit);
    if (!info) continue;
    let enumName = `${kit === UNIVERSAL ? 'Common' : pascal(kit)}ErrorCode`;
    for (let n = 2; enumNames.has(enumName); n++) enumName = `${pascal(kit)}${n}ErrorCode`;
    enumNames.add(enumName);
    groups.set(kit, { kit, enumName, kitName: info.name, members: [] });
  }
  const ordered = [...entries].sort((a, b) => a.code - b.code || (entryRef(a) < entryRef(b) ? -1 : 1));
  for (const e of ordered) groups.get(e.kit.id)?.members.push({ name: names.get(entryRef(e))!, entry: e });
  return { groups: [...groups.values()].filter((g) => g.members.length), dataVersion: reg.dataVersion, unlocked: added };
}

const MAX_DOC = 300;
function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_DOC ? one.slice(0, MAX_DOC - 1) + '…' : one;
}
/** Text safe inside a JSDoc block. */
function doc(s: string): string {
  return clip(s).replace(/\*\//g, '*\\/');
}
/** A string literal (JSON's escapes are valid in TypeScript and ArkTS). */
function lit(s: string): string {
  return JSON.stringify(s);
}
/** Markdown links and emphasis as plain text. */
function plain(s: string): string {
  return s.replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1').replace(/[*`]/g, '');
}

function pick(l: { zh?: string; en?: string } | undefined, lang: 'zh' | 'en'): string {
  if (!l) return '';
  return (lang === 'en' ? (l.en ?? l.zh) : (l.zh ?? l.en)) ?? '';
}

function titleOf(e: Entry, lang: GenLang): string {
  if (lang !== 'both') return plain(pick(e.title, lang));
  const zh = e.title.zh, en = e.title.en;
  return plain(zh && en && zh !== en ? `${zh} / ${en}` : (zh ?? en ?? ''));
}

function firstStep(e: Entry, lang: 'zh' | 'en'): string {
  const s = lang === 'en' ? (e.solutions?.en?.[0] ?? e.solutions?.zh?.[0]) : (e.solutions?.zh?.[0] ?? e.solutions?.en?.[0]);
  return s ? plain(s) : '';
}

/** Where the entry is documented: its docs page at the commit it was read from. */
export function pageUrl(e: Entry, reg: Pick<Registry, 'sources'>, lang: GenLang): string | undefined {
  const docs = reg.sources.find((s) => s.id === 'openharmony-docs');
  const refs = e.sources.filter((s) => s.file.startsWith('docs/'));
  const ref = refs.find((s) => s.lang === (lang === 'en' ? 'en' : 'zh')) ?? refs[0];
  if (!docs || !ref) return undefined;
  const f = docs.files.find((x) => `docs/${x.path}` === ref.file);
  if (!f?.origin) return undefined;
  return `https://gitee.com/openharmony/docs/blob/${f.commit ?? 'master'}/${f.origin}`;
}

/** The module's source text: valid ArkTS (.ets) and TypeScript (.ts). */
export function renderSource(model: GenModel, reg: Pick<Registry, 'sources'>, opts: GenOptions): string {
  const { lang } = opts;
  const langs: ('zh' | 'en')[] = lang === 'both' ? ['zh', 'en'] : [lang];
  const out: string[] = [];
  out.push(`// Generated by ohos-errors gen from registry ${model.dataVersion}: do not edit.`);
  if (opts.command) out.push(`// Regenerate: ${opts.command}`);
  out.push('// Error-code texts: OpenHarmony documentation (CC-BY-4.0), https://gitee.com/openharmony/docs');
  out.push('');
  for (const g of model.groups) {
    out.push('/**');
    out.push(` * ${doc(lang === 'both' ? [g.kitName.zh, g.kitName.en].filter(Boolean).join(' / ') : pick(g.kitName, lang))} (${g.kit})${g.kit === UNIVERSAL ? ': codes every kit may report' : ''}`);
    out.push(' */');
    out.push(`export enum ${g.enumName} {`);
    for (const m of g.members) {
      const e = m.entry;
      out.push('  /**');
      out.push(`   * ${doc(titleOf(e, lang))}`);
      const msgs = e.messages.slice(0, 2);
      if (msgs.length) {
        out.push('   *');
        for (const msg of msgs) out.push(`   * Message: ${doc(lit(msg))}`);
      }
      for (const l of langs) {
        const step = firstStep(e, l);
        if (step) {
          out.push('   *');
          out.push(`   * ${l === 'zh' ? '处理步骤' : 'Fix'}: ${doc(step)}`);
        }
      }
      if (e.systemApi) out.push('   *', '   * System API only.');
      const url = pageUrl(e, reg, lang);
      if (url) out.push(`   * @see ${url}`);
      out.push('   */');
      out.push(`  ${m.name} = ${e.code},`);
    }
    out.push('}');
    out.push('');
  }
  const has = (l: 'zh' | 'en') => langs.includes(l);
  out.push(`/** What a code means, as \`explain\` and \`describe\` return it. */
export interface ErrorInfo {
  code: number;
  /** The kit id, such as "universal-keystore-kit". */
  kit: string;
  /** The constant's name in its enum. */
  name: string;
  title: string;
  /** The first step of the documented fix ("" when none is documented). */
  solution: string;
}

/** A BusinessError, or anything with a numeric code. */
export interface CodeCarrier {
  code: number;
  message?: string;
}

class ErrorRow {
  code: number;
  kit: string;
  name: string;
  titleZh: string;
  titleEn: string;
  solutionZh: string;
  solutionEn: string;

  constructor(code: number, kit: string, name: string, titleZh: string, titleEn: string, solutionZh: string, solutionEn: string) {
    this.code = code;
    this.kit = kit;
    this.name = name;
    this.titleZh = titleZh;
    this.titleEn = titleEn;
    this.solutionZh = solutionZh;
    this.solutionEn = solutionEn;
  }
}

const ROWS: ErrorRow[] = [`);
  for (const g of model.groups) {
    for (const m of g.members) {
      const e = m.entry;
      // A language not chosen is left empty; a chosen one missing in the docs falls back to the other.
      const t = (l: 'zh' | 'en') => (!has(l) ? '' : plain((lang === 'both' ? e.title[l] : pick(e.title, l)) ?? ''));
      const s = (l: 'zh' | 'en') => (!has(l) ? '' : lang === 'both' ? plain(e.solutions?.[l]?.[0] ?? '') : firstStep(e, l));
      out.push(`  new ErrorRow(${e.code}, ${lit(g.kit)}, ${lit(m.name)}, ${lit(clip(t('zh')))}, ${lit(clip(t('en')))}, ${lit(clip(s('zh')))}, ${lit(clip(s('en')))}),`);
    }
  }
  out.push(`];

const INDEX: Map<number, ErrorRow[]> = new Map<number, ErrorRow[]>();

function rowsOf(code: number): ErrorRow[] {
  if (INDEX.size === 0) {
    for (const row of ROWS) {
      const list: ErrorRow[] | undefined = INDEX.get(row.code);
      if (list === undefined) {
        INDEX.set(row.code, [row]);
      } else {
        list.push(row);
      }
    }
  }
  const found: ErrorRow[] | undefined = INDEX.get(code);
  return found === undefined ? [] : found;
}

function either(first: string, second: string): string {
  return first !== '' ? first : second;
}

/**
 * What \`code\` means, in \`lang\` ("zh" or "en"; default ${lit(langs[0])}), for the kits this module
 * was generated for; \`kit\` picks one kit's meaning when several kits use the code. Universal
 * codes come first.
 */
export function explain(code: number, lang?: string, kit?: string): ErrorInfo | undefined {
  const en: boolean = (lang === undefined ? ${lit(langs[0])} : lang) === 'en';
  for (const row of rowsOf(code)) {
    if (kit !== undefined && row.kit !== kit) {
      continue;
    }
    const info: ErrorInfo = {
      code: row.code,
      kit: row.kit,
      name: row.name,
      title: en ? either(row.titleEn, row.titleZh) : either(row.titleZh, row.titleEn),
      solution: en ? either(row.solutionEn, row.solutionZh) : either(row.solutionZh, row.solutionEn),
    };
    return info;
  }
  return undefined;
}

/** \`explain\` for an error object: a BusinessError, or anything with a numeric \`code\`. */
export function describe(err: CodeCarrier, lang?: string): ErrorInfo | undefined {
  return explain(err.code, lang);
}
`);
  return out.join('\n');
}

/** The names a module exports (for Index.ets, which re-exports them). */
export function exportedNames(model: GenModel): string[] {
  return [...model.groups.map((g) => g.enumName), 'ErrorInfo', 'CodeCarrier', 'explain', 'describe'];
}

/** TypeScript output: ESM JavaScript and its declarations, compiled from the source text. */
export function compileTs(source: string): { js: string; dts: string } {
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext } }).outputText;
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, declaration: true, emitDeclarationOnly: true, strict: true, skipLibCheck: true, noLib: true, types: [] };
  const file = '/gen/index.ts';
  let dts = '';
  const host = ts.createCompilerHost(options);
  host.getSourceFile = (name, target) => (name === file ? ts.createSourceFile(name, source, target) : undefined);
  host.fileExists = (name) => name === file;
  host.readFile = (name) => (name === file ? source : undefined);
  host.writeFile = (name, text) => {
    if (name.endsWith('.d.ts')) dts = text;
  };
  ts.createProgram([file], options, host).emit();
  return { js, dts };
}
