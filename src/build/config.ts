/** The reviewed data file (data/kits.yaml): kit names, seed mapping, explained diagnostics. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { EntryKind, Lang, Localized } from '../registry/types.js';
import { UserError } from '../util/errors.js';

export interface BuildConfig {
  kits: Record<string, Localized>;
  folders: Record<string, string>;
  seeds: Record<string, { kit: string; page: string; lang?: Lang }>;
  tablePages: Record<string, { id: string; zh?: string; en?: string }>;
  pageKinds: Record<string, EntryKind>;
  explained: { file?: string; kind: string; section?: string; why: string }[];
  /** SDK kit name (`ArkGraphics3D`) → kit id, where the kit's English name does not say it. */
  sdkKits: Record<string, string>;
}

const KINDS = new Set(['compiler', 'loader', 'obfuscation', 'build-tool']);

export function loadConfig(path: string): BuildConfig {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  const o = (raw ?? {}) as Record<string, unknown>;
  const bad = (what: string) => {
    throw new UserError(`${path}: ${what}`);
  };
  const obj = (v: unknown, what: string): Record<string, unknown> => {
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) bad(`${what} must be a mapping`);
    return v as Record<string, unknown>;
  };
  const kits: BuildConfig['kits'] = {};
  for (const [id, names] of Object.entries(obj(o.kits, 'kits'))) {
    const n = obj(names, `kits.${id}`);
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(id)) bad(`kits.${id}: ids are lower-case letters, digits, . _ -`);
    if (typeof n.zh !== 'string' && typeof n.en !== 'string') bad(`kits.${id}: needs zh or en name`);
    kits[id] = { ...(typeof n.zh === 'string' ? { zh: n.zh } : {}), ...(typeof n.en === 'string' ? { en: n.en } : {}) };
  }
  const folders = obj(o.folders, 'folders') as Record<string, string>;
  const seeds: BuildConfig['seeds'] = {};
  for (const [file, v] of Object.entries(obj(o.seeds, 'seeds'))) {
    const s = obj(v, `seeds.${file}`);
    if (typeof s.kit !== 'string' || typeof s.page !== 'string') bad(`seeds.${file}: needs kit and page`);
    if (s.lang !== undefined && s.lang !== 'zh' && s.lang !== 'en') bad(`seeds.${file}: lang is zh or en`);
    seeds[file] = { kit: s.kit as string, page: s.page as string, ...(s.lang ? { lang: s.lang as Lang } : {}) };
  }
  const tablePages = obj(o.table_pages, 'table_pages') as BuildConfig['tablePages'];
  const pageKinds = obj(o.page_kinds, 'page_kinds') as Record<string, EntryKind>;
  for (const [k, v] of Object.entries(pageKinds)) if (!KINDS.has(v)) bad(`page_kinds.${k}: unknown kind "${v}"`);
  const explained = (Array.isArray(o.explained) ? o.explained : []) as BuildConfig['explained'];
  for (const [i, e] of explained.entries()) if (!e || typeof e.kind !== 'string' || typeof e.why !== 'string') bad(`explained[${i}]: needs kind and why`);
  const sdkKits = obj(o.sdk_kits, 'sdk_kits') as Record<string, string>;
  for (const [k, v] of Object.entries(sdkKits)) if (typeof v !== 'string' || !kits[v]) bad(`sdk_kits.${k}: "${v}" is not a kit listed under "kits:"`);
  return { kits, folders, seeds, tablePages, pageKinds, explained, sdkKits };
}
