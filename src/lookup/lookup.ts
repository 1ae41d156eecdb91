/**
 * Lookup by code: the library API behind `ohos-errors <code>`. Reads one shard of the shipped
 * registry (about 1% of it) plus the user's overlay; never the raw sources.
 */
import { readIndex, readShard, DEFAULT_DATA_DIR, type RegistryIndex } from '../registry/store.js';
import { readOverlay, overlayPath } from '../registry/overlay.js';
import type { Entry, KitInfo, Localized } from '../registry/types.js';

export interface LookupOptions {
  /** Only entries of this kit (id, or a display name in either language, case-insensitive). */
  kit?: string;
  /** Include the user's overlay (default true). */
  overlay?: boolean;
  /** Registry folder (default: the data shipped with the package). */
  dataDir?: string;
}

/** Parse a user-typed code: digits with an optional sign; anything else is not a code. */
export function parseCode(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isSafeInteger(input) ? input : undefined;
  const t = input.trim();
  if (!/^-?\d{1,16}$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Does `q` name this kit: its id, its zh or en display name, or its id without "-kit"? */
export function kitMatches(kit: { id: string; name: Localized }, q: string): boolean {
  const n = q.trim().toLowerCase();
  return kit.id === n || kit.name.en?.toLowerCase() === n || kit.name.zh === q.trim() || kit.id.replace(/-kit$/, '') === n;
}

function overlayEntries(opts: LookupOptions): Entry[] {
  if (opts.overlay === false) return [];
  return readOverlay(overlayPath()).entries;
}

/**
 * Every entry documenting `code`: the universal meaning first (201, 401, 801 … as every kit reports
 * them), then the kits' own in registry order, then the user's.
 */
export function lookup(code: number | string, opts: LookupOptions = {}): Entry[] {
  const c = parseCode(code);
  if (c === undefined) return [];
  const shipped = readShard(c, opts.dataDir);
  const found = [...shipped.filter((e) => e.kit.id === 'universal'), ...shipped.filter((e) => e.kit.id !== 'universal'), ...overlayEntries(opts).filter((e) => e.code === c)];
  return opts.kit ? found.filter((e) => kitMatches(e.kit, opts.kit!)) : found;
}

/** Every code with an entry (shipped or in the overlay): a cheap "no such code" for bulk callers such as scan. */
export function knownCodes(opts: LookupOptions = {}): Set<number> {
  return new Set([...index(opts.dataDir).codes, ...overlayEntries(opts).map((e) => e.code)]);
}

let indexCache: { dir: string; index: RegistryIndex } | undefined;
function index(dataDir = DEFAULT_DATA_DIR): RegistryIndex {
  if (indexCache?.dir !== dataDir) indexCache = { dir: dataDir, index: readIndex(dataDir) };
  return indexCache.index;
}

/** Kits with their entry counts (shipped + overlay). */
export function listKits(opts: LookupOptions = {}): KitInfo[] {
  const kits = new Map<string, KitInfo>(index(opts.dataDir).kits.map((k) => [k.id, structuredClone(k)]));
  for (const e of overlayEntries(opts)) {
    let k = kits.get(e.kit.id);
    if (!k) kits.set(e.kit.id, (k = { id: e.kit.id, name: e.kit.name, entries: 0, pages: [] }));
    k.entries++;
    let p = k.pages.find((x) => x.id === e.page.id);
    if (!p) k.pages.push((p = { id: e.page.id, title: e.page.title, entries: 0 }));
    p.entries++;
  }
  return [...kits.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function getKit(id: string, opts: LookupOptions = {}): KitInfo | undefined {
  return listKits(opts).find((k) => kitMatches(k, id));
}

/**
 * The kit a text names (a breadcrumb, a `<!--Kit: X-->` comment, the sentence before a table):
 * the longest zh or en kit name found in any of the texts.
 */
export function kitNamedIn<K extends { id: string; name: Localized }>(texts: string[], kits: K[]): K | undefined {
  let best: { k: K; len: number } | undefined;
  for (const t of texts) {
    const lower = t.toLowerCase();
    for (const k of kits) {
      for (const n of [k.name.en, k.name.zh]) {
        if (n && lower.includes(n.toLowerCase()) && (!best || n.length > best.len)) best = { k, len: n.length };
      }
    }
  }
  return best?.k;
}

/** Existing codes nearest to `code`: longest shared leading digits first, then numeric distance. */
export function nearestCodes(code: number | string, n = 5, opts: LookupOptions = {}): number[] {
  const c = parseCode(code);
  const codes = new Set(index(opts.dataDir).codes);
  for (const e of overlayEntries(opts)) codes.add(e.code);
  if (c === undefined) return [];
  const s = String(c);
  const prefix = (x: number) => {
    const t = String(x);
    let i = 0;
    while (i < t.length && i < s.length && t[i] === s[i]) i++;
    return i - (t.length !== s.length ? 0.5 : 0);
  };
  return [...codes]
    .filter((x) => x !== c)
    .map((x) => ({ x, p: prefix(x), d: Math.abs(x - c) }))
    .sort((a, b) => b.p - a.p || a.d - b.d || a.x - b.x)
    .slice(0, n)
    .map((r) => r.x);
}

/**
 * Fill a message template: `${messageInfo}` (or any `${name}`) is replaced by the value given;
 * placeholders without a value stay as they are.
 */
export function formatMessage(template: string, values: Record<string, string | number | undefined> = {}): string {
  return template.replace(/\$\{(\w+)\}/g, (m, name: string) => (values[name] !== undefined ? String(values[name]) : m));
}
