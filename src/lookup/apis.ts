/**
 * APIs ↔ codes, from the SDK index in data/apis.json (plus the user's overlay): which APIs throw a
 * code, which codes an API throws, and finding APIs by full name, suffix, module or kit. The index
 * is loaded on first use only, so a plain code lookup never pays for it.
 */
import { readApis, DEFAULT_DATA_DIR } from '../registry/store.js';
import { readOverlay } from '../registry/overlay.js';
import { entryRef, type ApiInfo, type Entry } from '../registry/types.js';
import { lookup, kitMatches, listKits } from './lookup.js';
import { sdkKitRef } from '../registry/sdk-kits.js';

export interface ApiIndexOptions {
  dataDir?: string;
  /** Include the user's overlay (imported declaration files; default true). */
  overlay?: boolean;
}

interface Loaded {
  apis: ApiInfo[];
  links: Record<string, number[]>;
  byName: Map<string, number[]>;
  byLast: Map<string, number[]>;
  byLastLower: Map<string, number[]>;
  byModule: Map<string, number[]>;
  /** API index → entry refs it is linked to. */
  refsOf: Map<number, string[]>;
}

const cache = new Map<string, Loaded>();

function load(opts: ApiIndexOptions = {}): Loaded {
  const dataDir = opts.dataDir ?? DEFAULT_DATA_DIR;
  const key = `${dataDir}\u0000${opts.overlay !== false}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const shipped = readApis(dataDir);
  const apis = [...shipped.apis];
  const links: Record<string, number[]> = { ...shipped.apiLinks };
  if (opts.overlay !== false) {
    // Imported APIs link to the entries of their codes: their own kit's, else the universal
    // one, else every entry of the code.
    for (const a of readOverlay().apis) {
      const i = apis.push(a) - 1;
      for (const t of a.throws) {
        for (const e of preferredEntries(t.code, a.kit, { dataDir })) links[entryRef(e)] = [...(links[entryRef(e)] ?? []), i];
      }
    }
  }
  const add = (m: Map<string, number[]>, k: string, i: number) => (m.get(k) ?? m.set(k, []).get(k)!).push(i);
  const l: Loaded = { apis, links, byName: new Map(), byLast: new Map(), byLastLower: new Map(), byModule: new Map(), refsOf: new Map() };
  apis.forEach((a, i) => {
    add(l.byName, a.name, i);
    const last = a.name.slice(a.name.lastIndexOf('.') + 1);
    add(l.byLast, last, i);
    add(l.byLastLower, last.toLowerCase(), i);
    add(l.byModule, a.module, i);
  });
  for (const [ref, idx] of Object.entries(links)) for (const i of idx) (l.refsOf.get(i) ?? l.refsOf.set(i, []).get(i)!).push(ref);
  cache.set(key, l);
  return l;
}

/** Every API of the index (shipped + overlay), sorted by module and name. */
export function listApis(opts: ApiIndexOptions = {}): ApiInfo[] {
  return load(opts).apis;
}

/** The APIs whose `@throws` lines name this code; with `entry`, only those linked to that entry. */
export function apisFor(code: number, opts: ApiIndexOptions & { entry?: Pick<Entry, 'kit' | 'page' | 'code' | 'occurrence'>; kit?: string } = {}): ApiInfo[] {
  const l = load(opts);
  if (opts.entry) return (l.links[entryRef(opts.entry)] ?? []).map((i) => l.apis[i]);
  return l.apis.filter((a) => a.throws.some((t) => t.code === code) && (!opts.kit || a.kit === opts.kit));
}

export interface ApiCodes {
  api: ApiInfo;
  throws: { code: number; message: string; note?: string; entries: Entry[] }[];
}

/**
 * Find APIs: a full name (`relationalStore.RdbStore.insert`), a suffix (`RdbStore.insert`,
 * `insert`), a module (`@ohos.data.relationalStore`) or a kit (`@kit.ArkData`, `arkdata`,
 * `ArkData`). Exact case first, then any case.
 */
export function findApis(query: string, opts: ApiIndexOptions = {}): ApiInfo[] {
  const l = load(opts);
  const q = query.trim();
  if (!q) return [];
  const pick = (idx: number[] | undefined) => (idx ?? []).map((i) => l.apis[i]);
  const full = l.byName.get(q);
  if (full) return pick(full);
  const mod = l.byModule.get(q) ?? l.byModule.get(q.replace(/\.d\.e?ts$/, ''));
  if (mod) return pick(mod);
  if (q.includes('.') && !q.startsWith('@')) {
    const last = q.slice(q.lastIndexOf('.') + 1);
    const hits = pick(l.byLast.get(last)).filter((a) => a.name.endsWith('.' + q) || a.name === q);
    if (hits.length) return hits;
    const lower = q.toLowerCase();
    const ci = pick(l.byLastLower.get(last.toLowerCase())).filter((a) => a.name.toLowerCase().endsWith('.' + lower) || a.name.toLowerCase() === lower);
    if (ci.length) return ci;
  } else if (!q.startsWith('@')) {
    const exact = pick(l.byLast.get(q));
    if (exact.length) return exact;
  }
  const kitName = q.replace(/^@kit\./i, '');
  const kit = listKits({ overlay: opts.overlay }).find((k) => kitMatches(k, kitName) || k.id === kitName.toLowerCase());
  const kitId = kit?.id ?? (/^@kit\./i.test(q) ? sdkKitRef(kitName, listKits({ overlay: opts.overlay })).id : undefined);
  if (kitId) {
    const hits = l.apis.filter((a) => a.kit === kitId);
    if (hits.length) return hits;
  }
  if (!q.includes('.') && !q.startsWith('@')) return pick(l.byLastLower.get(q.toLowerCase()));
  return [];
}

/** The entries an API of `kit` most likely means by `code`: its own kit's, else the universal one, else all. */
export function preferredEntries(code: number, kit: string | undefined, opts: ApiIndexOptions = {}): Entry[] {
  const all = lookup(code, { dataDir: opts.dataDir, overlay: opts.overlay });
  const own = all.filter((e) => e.kit.id === kit);
  if (own.length) return own;
  const uni = all.filter((e) => e.kit.id === 'universal');
  return uni.length ? uni : all;
}

/** The codes an API throws, each with the registry entries it is linked to. */
export function codesFor(apiName: string, opts: ApiIndexOptions & { limit?: number } = {}): ApiCodes[] {
  const l = load(opts);
  return findApis(apiName, opts).slice(0, opts.limit ?? Infinity).map((api) => {
    const i = l.apis.indexOf(api);
    const refs = new Set(l.refsOf.get(i) ?? []);
    return {
      api,
      throws: api.throws.map((t) => {
        const linked = lookup(t.code, { dataDir: opts.dataDir, overlay: opts.overlay }).filter((e) => refs.has(entryRef(e)));
        return { ...t, entries: linked.length ? linked : preferredEntries(t.code, api.kit, opts) };
      }),
    };
  });
}

/** API names nearest to a query that found nothing (by the last name segment, edit distance ≤ 2). */
export function nearestApis(query: string, n = 5, opts: ApiIndexOptions = {}): string[] {
  const l = load(opts);
  const q = query.slice(query.lastIndexOf('.') + 1).toLowerCase();
  if (!q) return [];
  const scored: { name: string; d: number }[] = [];
  for (const [last, idx] of l.byLastLower) {
    if (Math.abs(last.length - q.length) > 2) continue;
    const d = boundedDistance(q, last, 2);
    if (d <= 2) for (const i of idx.slice(0, 3)) scored.push({ name: l.apis[i].name, d });
  }
  return [...new Set(scored.sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : 1)).map((s) => s.name))].slice(0, n);
}

/** Levenshtein distance, stopping once it exceeds `max` (returns max + 1 then). */
function boundedDistance(a: string, b: string, max: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}
