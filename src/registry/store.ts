/**
 * Where the registry lives and how it is written and read.
 *
 * data/registry.json   the whole registry (build output, committed)
 * data/codes/NNN.json  the same entries sharded by |code| mod 256, so that a lookup parses ~0.4% of
 *                      the data: the CLI's cold start stays near Node's own start-up time
 * data/index.json      every code, kit summaries and the data version: for near-code suggestions
 *                      and `kits` without loading entries
 */
import { readFileSync, existsSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiInfo, Entry, KitInfo, Registry } from './types.js';
import { writeFileAtomic } from '../util/fs.js';

/** 256 shards of ~13 KB: a lookup parses one (measured: 100 shards of ~33 KB cost ~4 ms more at start). */
export const SHARDS = 256;
declare const __dirname: string | undefined;
declare const __filename: string | undefined;
/**
 * The data shipped with the package: two levels up from this module (dist/registry, or the CLI
 * bundle in dist/cli, which is CommonJS and has __filename). `node -e` defines a global __dirname
 * of "." that must not be taken for this module's folder: only a real .cjs file counts.
 */
export const DEFAULT_DATA_DIR =
  typeof __filename === 'string' && __filename.endsWith('.cjs') && typeof __dirname === 'string' ? join(__dirname, '..', '..', 'data') : fileURLToPath(new URL('../../data/', import.meta.url));

export function shardOf(code: number): string {
  return String(Math.abs(code) % SHARDS).padStart(3, '0');
}

export interface RegistryIndex {
  schemaVersion: 1;
  dataVersion: string;
  codes: number[];
  kits: KitInfo[];
}

/** Stable JSON: keys in insertion order (the build inserts them deterministically), 1-space indent. */
export function toJson(v: unknown): string {
  return JSON.stringify(v, null, 1) + '\n';
}

export function writeRegistry(reg: Registry, dataDir = DEFAULT_DATA_DIR): void {
  const shards = new Map<string, Record<string, Entry[]>>();
  for (const e of reg.entries) {
    const s = shardOf(e.code);
    const m = shards.get(s) ?? {};
    (m[String(e.code)] ??= []).push(e);
    shards.set(s, m);
  }
  const codesDir = join(dataDir, 'codes');
  mkdirSync(codesDir, { recursive: true });
  // Write every new file first (atomically), then remove shards that no longer exist.
  const written = new Set<string>();
  for (const s of [...shards.keys()].sort()) {
    writeFileAtomic(join(codesDir, `${s}.json`), JSON.stringify(shards.get(s)) + '\n');
    written.add(`${s}.json`);
  }
  const index: RegistryIndex = {
    schemaVersion: 1,
    dataVersion: reg.dataVersion,
    codes: [...new Set(reg.entries.map((e) => e.code))].sort((a, b) => a - b),
    kits: reg.kits,
  };
  writeFileAtomic(join(dataDir, 'index.json'), JSON.stringify(index) + '\n');
  const files = registryFiles(reg);
  for (const [name, text] of Object.entries(files)) writeFileAtomic(join(dataDir, name), text);
  for (const f of readdirSync(codesDir)) if (f.endsWith('.json') && !written.has(f)) rmSync(join(codesDir, f));
}

/** The registry without its API index (`apis` is empty here: see readApis). */
/**
 * The two whole-registry files: registry.json (entries, kits, stats, conflicts, diagnostics) and
 * apis.json (the API index: large, and only `api`, `--all` and the web's API pages need it).
 */
export function registryFiles(reg: Registry): { 'registry.json': string; 'apis.json': string } {
  const { apis, apiLinks, ...rest } = reg;
  return { 'registry.json': toJson(rest), 'apis.json': JSON.stringify({ dataVersion: reg.dataVersion, apis, apiLinks }) + '\n' };
}

export function readRegistry(dataDir = DEFAULT_DATA_DIR): Registry {
  const reg = JSON.parse(readFileSync(join(dataDir, 'registry.json'), 'utf8')) as Registry;
  reg.apis ??= [];
  reg.apiLinks ??= {};
  return reg;
}

/** The whole registry, API index included (what the build wrote). */
export function readFullRegistry(dataDir = DEFAULT_DATA_DIR): Registry {
  const reg = readRegistry(dataDir);
  const a = readApis(dataDir);
  return { ...reg, apis: a.apis, apiLinks: a.apiLinks };
}

const apisCache = new Map<string, { apis: ApiInfo[]; apiLinks: Record<string, number[]> }>();
/** The SDK API index (data/apis.json), parsed once per process; empty when the data has none. */
export function readApis(dataDir = DEFAULT_DATA_DIR): { apis: ApiInfo[]; apiLinks: Record<string, number[]> } {
  let a = apisCache.get(dataDir);
  if (!a) {
    const p = join(dataDir, 'apis.json');
    a = existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as { apis: ApiInfo[]; apiLinks: Record<string, number[]> }) : { apis: [], apiLinks: {} };
    apisCache.set(dataDir, a);
  }
  return a;
}

const shardCache = new Map<string, Record<string, Entry[]>>();

/** Entries of one code, from its shard (parsed once per process). */
export function readShard(code: number, dataDir = DEFAULT_DATA_DIR): Entry[] {
  const p = join(dataDir, 'codes', `${shardOf(code)}.json`);
  let shard = shardCache.get(p);
  if (!shard) {
    shard = existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Record<string, Entry[]>) : {};
    shardCache.set(p, shard);
  }
  return shard[String(code)] ?? [];
}

export function readIndex(dataDir = DEFAULT_DATA_DIR): RegistryIndex {
  return JSON.parse(readFileSync(join(dataDir, 'index.json'), 'utf8')) as RegistryIndex;
}
