/**
 * SDK declarations → APIs: overloads (callback / Promise / static twins, `.static.d.ets` files)
 * become one API with its variants; codes are linked to registry entries; codes that no docs page
 * documents become SDK-only entries; error-code enums give constant names.
 */
import type { SdkDecl, SdkEnum, SdkFileResult } from '../readers/sdk.js';
import { entryRef, type ApiInfo, type ApiThrow, type Conflict, type Entry, type KitRef } from '../registry/types.js';

export interface SdkFile {
  /** Path as recorded in sources (`sdk/api/@ohos.x.d.ts`). */
  file: string;
  kit?: KitRef;
  result: SdkFileResult;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function apiLevel(v: string | undefined): number {
  if (!v) return Infinity;
  const p = /\((\d+)\)/.exec(v);
  return Number(p ? p[1] : v.split('.')[0]);
}

/** One API per (module, name): every overload's codes, the earliest `since`, flags of any overload. */
export function groupApis(files: SdkFile[]): ApiInfo[] {
  const byKey = new Map<string, { api: ApiInfo; decls: { d: SdkDecl; file: string }[] }>();
  const sorted = [...files].sort((a, b) => cmp(a.file, b.file));
  for (const f of sorted) {
    for (const d of f.result.decls) {
      const key = `${f.result.module}\u0000${d.name}`;
      let g = byKey.get(key);
      if (!g) {
        g = { api: { name: d.name, module: f.result.module, ...(f.kit ? { kit: f.kit.id } : {}), file: f.file, line: d.line, overloads: 0, throws: [] }, decls: [] };
        byKey.set(key, g);
      }
      g.decls.push({ d, file: f.file });
    }
  }
  const out: ApiInfo[] = [];
  for (const { api, decls } of byKey.values()) {
    // The first non-static declaration is the API's home (file and line); static twins count as overloads.
    const home = decls.find((x) => !x.file.includes('.static.')) ?? decls[0];
    api.file = home.file;
    api.line = home.d.line;
    api.overloads = decls.length;
    let since: string | undefined;
    let sinceStatic: string | undefined;
    const seen = new Set<string>();
    for (const { d } of decls) {
      if (d.since && apiLevel(d.since) < apiLevel(since)) since = d.since;
      if (d.sinceStatic && apiLevel(d.sinceStatic) < apiLevel(sinceStatic)) sinceStatic = d.sinceStatic;
      for (const t of d.throws) {
        const k = `${t.code}\u0000${t.message}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const th: ApiThrow = { code: t.code, message: t.message };
        if (t.note) th.note = t.note;
        api.throws.push(th);
      }
    }
    api.throws.sort((a, b) => a.code - b.code);
    if (since) api.since = since;
    if (sinceStatic) api.sinceStatic = sinceStatic;
    const h = home.d;
    if (h.deprecated) api.deprecated = h.deprecated;
    if (decls.every((x) => x.d.deprecated)) api.deprecated ??= decls[0].d.deprecated;
    else if (!decls.some((x) => !x.d.deprecated)) delete api.deprecated;
    if (decls.some((x) => x.d.systemApi) && decls.every((x) => x.d.systemApi)) api.systemApi = true;
    const perms = decls.map((x) => x.d.permissions).find(Boolean);
    if (perms) api.permissions = perms;
    if (h.syscap) api.syscap = h.syscap;
    if (decls.some((x) => x.d.atomicService)) api.atomicService = true;
    if (decls.some((x) => x.d.crossPlatform)) api.crossPlatform = true;
    if (decls.every((x) => x.d.stageModelOnly)) api.stageModelOnly = true;
    if (decls.every((x) => x.d.faModelOnly)) api.faModelOnly = true;
    out.push(api);
  }
  return out.sort((a, b) => cmp(a.module, b.module) || cmp(a.name, b.name));
}

/** Lower-case letters and digits only, for comparing messages loosely when linking. */
const loose = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

export interface LinkResult {
  /** Docs entries, plus the SDK-only entries made here. */
  entries: Entry[];
  conflicts: Conflict[];
  /** Entry ref → indexes (in the `apis` given) of the APIs linked to it, ascending. */
  links: Map<string, number[]>;
}

export const entryKey = entryRef;

/** How many of the SDK's own wordings of a code an entry keeps as messages (most used first). */
const MAX_SDK_MESSAGES = 3;

/**
 * Link every (API, code) to the entries it means: the entry whose message the `@throws` text
 * matches, else the API's own kit's, else the universal one, else every entry of the code. A code
 * with no entry becomes an SDK-only entry in the API's kit.
 */
export function linkApis(apis: ApiInfo[], docsEntries: Entry[], kitOf: (id: string | undefined) => KitRef, sdkPage: { id: string; title: { zh?: string; en?: string } }): LinkResult {
  const byCode = new Map<number, Entry[]>();
  for (const e of docsEntries) (byCode.get(e.code) ?? byCode.set(e.code, []).get(e.code)!).push(e);
  const links = new Map<string, Set<number>>();
  const sdkOnly = new Map<string, { kit: KitRef; code: number; apis: { api: ApiInfo; i: number; t: ApiThrow }[] }>();
  /** Per entry: the SDK wordings used for its code, with counts. */
  const wordings = new Map<string, Map<string, number>>();
  apis.forEach((api, i) => {
    for (const t of api.throws) {
      const cands = byCode.get(t.code);
      if (!cands?.length) {
        const kit = kitOf(api.kit);
        const k = `${kit.id}\u0000${t.code}`;
        const g = sdkOnly.get(k) ?? sdkOnly.set(k, { kit, code: t.code, apis: [] }).get(k)!;
        g.apis.push({ api, i, t });
        continue;
      }
      const lm = loose(t.message);
      const score = (e: Entry) =>
        (lm && e.messages.some((m) => loose(m) === lm) ? 4 : lm && e.messages.some((m) => { const x = loose(m); return x.length > 8 && (lm.startsWith(x) || x.startsWith(lm)); }) ? 2 : 0) +
        (e.kit.id === api.kit ? 1.5 : 0) +
        (e.kit.id === 'universal' ? 1 : 0) -
        (e.systemApi && !api.systemApi ? 0.5 : 0);
      const best = Math.max(...cands.map(score));
      for (const e of cands.filter((c) => score(c) === best)) {
        const key = entryKey(e);
        (links.get(key) ?? links.set(key, new Set()).get(key)!).add(i);
        const w = wordings.get(key) ?? wordings.set(key, new Map()).get(key)!;
        if (t.message) w.set(t.message, (w.get(t.message) ?? 0) + 1);
      }
    }
  });

  const conflicts: Conflict[] = [];
  const entries = docsEntries.map((e) => {
    const w = wordings.get(entryKey(e));
    if (!w) return e;
    // The SDK's own wordings: the most used are kept as messages; a difference is a conflict.
    const ranked = [...w].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
    const fresh = ranked.filter(([m]) => !e.messages.includes(m));
    if (!fresh.length) return e;
    const add = fresh.slice(0, MAX_SDK_MESSAGES).map(([m]) => m);
    conflicts.push({
      kit: e.kit.id,
      page: e.page.id,
      code: e.code,
      ...(e.occurrence && e.occurrence > 1 ? { occurrence: e.occurrence } : {}),
      field: 'messages',
      values: {
        docs: e.messages.join(' | ') || '(no message)',
        sdk: ranked.slice(0, 5).map(([m, n]) => `${m} (${n}×)`).join(' | ') + (ranked.length > 5 ? ` | … and ${ranked.length - 5} more wordings` : ''),
      },
    });
    return { ...e, messages: [...e.messages, ...add] };
  });

  for (const g of sdkOnly.values()) {
    const counts = new Map<string, number>();
    for (const { t } of g.apis) if (t.message) counts.set(t.message, (counts.get(t.message) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0])).map(([m]) => m);
    const first = [...g.apis].sort((a, b) => cmp(a.api.file, b.api.file) || a.t.code - b.t.code || cmp(a.api.name, b.api.name))[0];
    const title = ranked[0] ? ranked[0].replace(/[.。]\s*$/, '') : `Error ${g.code}`;
    const entry: Entry = {
      kit: g.kit,
      page: { id: sdkPage.id, title: sdkPage.title },
      code: g.code,
      title: { en: title.length > 120 ? title.slice(0, 119) + '…' : title },
      messages: ranked,
      sdkOnly: true,
      sources: [{ file: first.api.file, section: first.api.name, lang: 'en', line: first.api.line }],
    };
    if (g.apis.every(({ api }) => api.systemApi)) entry.systemApi = true;
    entries.push(entry);
    const key = entryKey(entry);
    links.set(key, new Set(g.apis.map(({ i }) => i)));
  }
  const sortedLinks = new Map<string, number[]>();
  for (const [k, v] of links) sortedLinks.set(k, [...v].sort((a, b) => a - b));
  return { entries, conflicts, links: sortedLinks };
}

/**
 * Official constant names from error-code enums (`HuksExceptionErrCode.HUKS_ERR_CODE_…`): an enum
 * whose name says it holds error codes and most of whose values are codes the SDK throws.
 */
export function enumNames(files: SdkFile[], thrown: Set<number>): Map<number, { name: string; from: string; kit?: string }[]> {
  const out = new Map<number, { name: string; from: string; kit?: string }[]>();
  const sorted = [...files].sort((a, b) => cmp(a.file, b.file));
  for (const f of sorted) {
    for (const en of f.result.enums as SdkEnum[]) {
      if (!/err|error|code|exception|result/i.test(en.name.split('.').pop() ?? '')) continue;
      const codes = en.members.filter((m) => thrown.has(m.value));
      if (codes.length < 2 || codes.length * 2 < en.members.length) continue;
      for (const m of en.members) {
        if (!thrown.has(m.value) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(m.name)) continue;
        const l = out.get(m.value) ?? out.set(m.value, []).get(m.value)!;
        const from = `${f.result.module}:${en.name}`;
        if (!l.some((x) => x.from === from)) l.push({ name: m.name, from, ...(f.kit ? { kit: f.kit.id } : {}) });
      }
    }
  }
  return out;
}
