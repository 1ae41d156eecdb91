/**
 * Merge: records of every source page (each one page in one language) → one entry per
 * (kit, page, code), with both languages, every source listed, and a report of what did not pair
 * and where sources disagree.
 */
import type { RawRecord, RawVariant } from '../readers/types.js';
import { DEVICE_IDS, type Conflict, type DiagnosticRecord, type Entry, type EntryKind, type KitRef, type Lang, type Localized, type SourceRef, type Variant } from '../registry/types.js';
import { trimEndChars } from '../util/text.js';

/** One source page after kit/page assignment: what merge needs to know about it. */
export interface SourcePage {
  file: string;
  lang: Lang;
  kit: KitRef;
  page: { id: string; title?: string };
  systemApi?: boolean;
  kind?: EntryKind;
  records: RawRecord[];
  /** Rows that belong to another kit's page (resolved by the caller). */
  assign?: (rec: RawRecord) => { kit: KitRef; page: { id: string; title?: Localized } } | undefined;
}

export interface MergeResult {
  entries: Entry[];
  conflicts: Conflict[];
  diagnostics: DiagnosticRecord[];
  pageTitles: Map<string, Localized>;
  pairing: { codes: number; inBoth: number; paired: number; ratio: number; coverage: number; zhOnly: number; enOnly: number };
}

interface Contribution {
  rec: RawRecord;
  lang: Lang;
  file: string;
}

interface Slot {
  kit: KitRef;
  page: { id: string };
  code: number;
  occurrence: number;
  systemApi?: boolean;
  kind?: EntryKind;
  contribs: Contribution[];
}

/** How much a record documents; the richest record of a language leads. */
function richness(r: RawRecord): number {
  return (
    (r.origin === 'section' ? 100 : 0) +
    (r.messages.length ? 10 : 0) +
    (r.description ? 10 : 0) +
    (r.causes ? 10 : 0) +
    (r.solutions ? 10 : 0) +
    (r.title ? 5 : 0) +
    (r.variants ? 5 : 0) +
    Math.min(9, Math.floor(JSON.stringify(r).length / 500))
  );
}

/** Compare texts ignoring whitespace, backticks and case. */
export function normText(s: string): string {
  return trimEndChars(s.replace(/[`\s\u00a0\u3000]+/g, ''), '.。!！').toLowerCase();
}

export function mergePages(pages: SourcePage[]): MergeResult {
  const slots = new Map<string, Slot>();
  const diagnostics: DiagnosticRecord[] = [];
  const pageTitles = new Map<string, Localized>();
  const pageLangCodes = new Map<string, Map<Lang, Set<number>>>();
  const pageLangFiles = new Map<string, Map<Lang, Set<string>>>();

  const sorted = [...pages].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const p of sorted) {
    const seenInFile = new Map<string, number>();
    for (const rec of p.records) {
      const other = rec.origin === 'table' ? p.assign?.(rec) : undefined;
      const kit = other?.kit ?? p.kit;
      const pageId = other?.page.id ?? p.page.id;
      const pkey = `${kit.id}\u0000${pageId}`;
      const titles = pageTitles.get(pkey) ?? {};
      if (other?.page.title) Object.assign(titles, other.page.title);
      else if (!other && p.page.title && !titles[p.lang]) titles[p.lang] = p.page.title;
      pageTitles.set(pkey, titles);

      // A page that documents a code in two sections documents two things: the n-th section of a
      // code is its own entry (`occurrence` n), paired with the n-th section of the other language.
      const fileKey = `${pkey}\u0000${rec.code}\u0000${p.file}`;
      const nth = rec.origin === 'section' ? (seenInFile.get(fileKey) ?? 0) + 1 : 1;
      if (rec.origin === 'section') seenInFile.set(fileKey, nth);
      if (nth > 1) {
        diagnostics.push({
          file: p.file,
          section: rec.section,
          line: rec.line,
          kind: 'duplicate-code',
          message: `code ${rec.code} is documented more than once on this page; section ${nth} is kept as its own entry (occurrence ${nth})`,
          severity: 'notice',
        });
      }
      const key = `${pkey}\u0000${rec.code}\u0000${nth}`;
      let slot = slots.get(key);
      if (!slot) {
        slot = { kit, page: { id: pageId }, code: rec.code, occurrence: nth, contribs: [] };
        if (p.systemApi && !other) slot.systemApi = true;
        if (p.kind && !other) slot.kind = p.kind;
        slots.set(key, slot);
      }
      slot.contribs.push({ rec, lang: p.lang, file: p.file });

      const byLang = pageLangCodes.get(pkey) ?? new Map<Lang, Set<number>>();
      (byLang.get(p.lang) ?? byLang.set(p.lang, new Set()).get(p.lang)!).add(rec.code);
      pageLangCodes.set(pkey, byLang);
      const files = pageLangFiles.get(pkey) ?? new Map<Lang, Set<string>>();
      (files.get(p.lang) ?? files.set(p.lang, new Set()).get(p.lang)!).add(p.file);
      pageLangFiles.set(pkey, files);
    }
  }

  const conflicts: Conflict[] = [];
  const entries: Entry[] = [];
  const repeated = new Set([...slots.values()].filter((s) => s.occurrence > 1).map((s) => `${s.kit.id}\u0000${s.page.id}\u0000${s.code}`));
  for (const slot of slots.values()) {
    const pkey = `${slot.kit.id}\u0000${slot.page.id}`;
    const e = buildEntry(slot, pageTitles.get(pkey) ?? {}, conflicts);
    if (repeated.has(`${pkey}\u0000${slot.code}`)) e.occurrence = slot.occurrence;
    entries.push(e);
  }

  // Pairing: on pages documented in both languages, which codes only one language has.
  let codes = 0;
  let inBoth = 0;
  let paired = 0;
  let zhOnly = 0;
  let enOnly = 0;
  const entryAt = new Map(entries.filter((e) => (e.occurrence ?? 1) === 1).map((e) => [`${e.kit.id}\u0000${e.page.id}\u0000${e.code}`, e]));
  const hasLang = (e: Entry | undefined, l: Lang) => !!e && !!(e.title[l] || e.description?.[l] || e.causes?.[l] || e.solutions?.[l]);
  for (const [pkey, byLang] of pageLangCodes) {
    const zh = byLang.get('zh');
    const en = byLang.get('en');
    if (!zh || !en) continue;
    const all = new Set([...zh, ...en]);
    codes += all.size;
    const [kitId, pageId] = pkey.split('\u0000');
    for (const c of [...all].sort((a, b) => a - b)) {
      if (zh.has(c) && en.has(c)) {
        inBoth++;
        // Paired: one entry that carries text in both languages.
        const e = entryAt.get(`${pkey}\u0000${c}`);
        if (hasLang(e, 'zh') && hasLang(e, 'en')) paired++;
        else diagnostics.push({ file: [...(pageLangFiles.get(pkey)?.get('en') ?? [])].join(', '), section: String(c), kind: 'unpaired-text', message: `${kitId}/${pageId}: code ${c} is on both pages but lacks text in one language`, severity: 'notice' });
        continue;
      }
      const missing: Lang = zh.has(c) ? 'en' : 'zh';
      if (missing === 'en') zhOnly++;
      else enOnly++;
      const files = [...(pageLangFiles.get(pkey)?.get(missing) ?? [])].sort();
      diagnostics.push({
        file: files.join(', '),
        section: String(c),
        kind: 'unpaired',
        message: `${kitId}/${pageId}: code ${c} is documented in ${missing === 'en' ? 'zh' : 'en'} only`,
        severity: 'notice',
      });
    }
  }

  // Sources of one language that disagree on which codes a page has (e.g. a saved page and the docs).
  for (const [pkey, files] of pageLangFiles) {
    for (const [lang, set] of files) {
      if (set.size < 2) continue;
      const perFile = [...set].sort().map((f) => ({ f, codes: new Set(entries.filter((e) => `${e.kit.id}\u0000${e.page.id}` === pkey && e.sources.some((s) => s.file === f)).map((e) => e.code)) }));
      const all = new Set(perFile.flatMap((x) => [...x.codes]));
      for (const c of [...all].sort((a, b) => a - b)) {
        const has = perFile.filter((x) => x.codes.has(c)).map((x) => x.f);
        if (has.length === perFile.length) continue;
        const [kit, page] = pkey.split('\u0000');
        conflicts.push({
          kit,
          page,
          code: c,
          field: 'presence',
          lang,
          values: Object.fromEntries(perFile.map((x) => [x.f, x.codes.has(c) ? 'documents this code' : 'does not document this code'])),
        });
      }
    }
  }

  entries.sort((a, b) => cmp(a.kit.id, b.kit.id) || cmp(a.page.id, b.page.id) || a.code - b.code || (a.occurrence ?? 1) - (b.occurrence ?? 1));
  conflicts.sort((a, b) => cmp(a.kit, b.kit) || cmp(a.page, b.page) || a.code - b.code || (a.occurrence ?? 1) - (b.occurrence ?? 1) || cmp(a.field, b.field) || cmp(a.lang ?? '', b.lang ?? ''));
  diagnostics.sort((a, b) => cmp(a.file, b.file) || cmp(a.kind, b.kind) || cmp(a.section ?? '', b.section ?? ''));
  return { entries, conflicts, diagnostics, pageTitles, pairing: { codes, inBoth, paired, ratio: inBoth ? paired / inBoth : 1, coverage: codes ? inBoth / codes : 1, zhOnly, enOnly } };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildEntry(slot: Slot, pageTitle: Localized, conflicts: Conflict[]): Entry {
  const ordered = [...slot.contribs].sort((a, b) => richness(b.rec) - richness(a.rec) || cmp(a.file, b.file));
  const entry: Entry = {
    kit: slot.kit,
    page: { id: slot.page.id, title: pageTitle },
    code: slot.code,
    title: {},
    messages: [],
    sources: [],
  };
  const conflict = (field: string, lang: Lang | undefined, values: Record<string, string>) =>
    conflicts.push({ kit: slot.kit.id, page: slot.page.id, code: slot.code, ...(slot.occurrence > 1 ? { occurrence: slot.occurrence } : {}), field, ...(lang ? { lang } : {}), values });

  // Messages are English in every language's page: union, richest source first. A message is
  // runtime text, so it is kept exactly: "Notify agent" and "notify agent" are two messages, and
  // the sources that disagree are a conflict.
  for (const c of ordered) for (const m of c.rec.messages) if (!entry.messages.includes(m)) entry.messages.push(m);
  const withMessages = ordered.filter((c) => c.rec.messages.length);
  if (withMessages.length > 1) {
    const sets = withMessages.map((c) => [...c.rec.messages].sort().join('\n'));
    if (new Set(sets).size > 1) {
      conflict('messages', undefined, Object.fromEntries(withMessages.map((c) => [`${c.file} (${c.lang})`, c.rec.messages.join(' | ')])));
    }
  }

  for (const lang of ['zh', 'en'] as Lang[]) {
    const mine = ordered.filter((c) => c.lang === lang);
    if (!mine.length) continue;
    const pick = <K extends 'title' | 'description'>(field: K) => {
      const having = mine.filter((c) => c.rec[field]);
      if (!having.length) return;
      entry[field] = { ...(entry[field] ?? {}), [lang]: having[0].rec[field] } as Entry[K];
      const distinct = new Set(having.map((c) => normText(c.rec[field]!)));
      if (distinct.size > 1) conflict(field, lang, Object.fromEntries(having.map((c) => [c.file, c.rec[field]!])));
    };
    pick('title');
    pick('description');
    for (const field of ['causes', 'solutions'] as const) {
      const having = mine.filter((c) => c.rec[field]?.length);
      if (!having.length) continue;
      entry[field] = { ...(entry[field] ?? {}), [lang]: having[0].rec[field] };
      const distinct = new Set(having.map((c) => c.rec[field]!.map(normText).join('\n')));
      if (distinct.size > 1) conflict(field, lang, Object.fromEntries(having.map((c) => [c.file, c.rec[field]!.join(' | ')])));
    }
  }
  if (!entry.description) delete entry.description;
  for (const lang of ['zh', 'en'] as Lang[]) {
    const notes: string[] = [];
    for (const c of ordered) if (c.lang === lang) for (const n of c.rec.notes ?? []) if (!notes.includes(n)) notes.push(n);
    if (notes.length) entry.notes = { ...(entry.notes ?? {}), [lang]: notes };
  }

  const name = ordered.find((c) => c.rec.name)?.rec.name;
  if (name) entry.name = name;
  const devices = new Set(ordered.flatMap((c) => c.rec.devices ?? []));
  if (devices.size) entry.devices = DEVICE_IDS.filter((d) => devices.has(d));
  const apis = [...new Set(ordered.flatMap((c) => c.rec.apis ?? []))];
  if (apis.length) entry.apis = apis;
  const variants = mergeVariants(ordered);
  if (variants.length) entry.variants = variants;
  if (slot.systemApi) entry.systemApi = true;
  if (slot.kind) entry.kind = slot.kind;
  if (!entry.title.zh && !entry.title.en) {
    const derived = deriveTitle(entry, ordered.find((c) => c.rec.name)?.rec.name);
    if (derived) {
      entry.title = derived;
      entry.titleDerived = true;
    }
  }
  entry.sources = ordered
    .map((c): SourceRef => ({ file: c.file, section: c.rec.section, lang: c.lang, ...(c.rec.line ? { line: c.rec.line } : {}) }))
    .sort((a, b) => cmp(a.file, b.file) || cmp(a.section, b.section));
  return entry;
}


/** Variants pair across languages by position when both list the same number, else by message. */
function mergeVariants(ordered: Contribution[]): Variant[] {
  const byLang = new Map<Lang, RawVariant[]>();
  for (const c of ordered) if (c.rec.variants?.length && !byLang.has(c.lang)) byLang.set(c.lang, c.rec.variants);
  const zh = byLang.get('zh') ?? [];
  const en = byLang.get('en') ?? [];
  const pairs: [RawVariant | undefined, RawVariant | undefined][] = [];
  if (zh.length === en.length) zh.forEach((v, i) => pairs.push([v, en[i]]));
  else {
    const used = new Set<RawVariant>();
    for (const z of zh) {
      const e = en.find((x) => !used.has(x) && x.messages.some((m) => z.messages.map(normText).includes(normText(m))));
      if (e) used.add(e);
      pairs.push([z, e]);
    }
    for (const e of en) if (!used.has(e)) pairs.push([undefined, e]);
  }
  return pairs.map(([z, e]) => {
    const v: Variant = { title: {} };
    const msgs: string[] = [];
    for (const m of [...(e?.messages ?? []), ...(z?.messages ?? [])]) if (!msgs.includes(m)) msgs.push(m);
    if (z) v.title.zh = z.title;
    if (e) v.title.en = e.title;
    if (msgs.length) v.messages = msgs;
    for (const [lang, src] of [['zh', z], ['en', e]] as const) {
      if (!src) continue;
      if (src.description) v.description = { ...(v.description ?? {}), [lang]: src.description };
      if (src.causes?.length) v.causes = { ...(v.causes ?? {}), [lang]: src.causes };
      if (src.solutions?.length) v.solutions = { ...(v.solutions ?? {}), [lang]: src.solutions };
      if (src.example) v.example = { ...(v.example ?? {}), [lang]: src.example };
    }
    return v;
  });
}

/**
 * A display title for a section that has none (Account Kit table rows, untitled headings): the
 * first sentence of its description in each language, else its message, else its constant name.
 * The entry is marked `titleDerived` so that every consumer can say so.
 */
export function deriveTitle(e: Entry, name?: string): Localized | undefined {
  const out: Localized = {};
  for (const lang of ['zh', 'en'] as Lang[]) {
    const d = e.description?.[lang];
    if (d) out[lang] = firstSentence(d);
  }
  if (!out.zh && !out.en) {
    if (e.messages[0]) out.en = firstSentence(e.messages[0]);
    else if (name) out.en = name;
  }
  return out.zh || out.en ? out : undefined;
}

function firstSentence(md: string): string {
  const text = md
    .replace(/!\[[^[\]]*\]\([^()]*\)/g, '')
    .replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .split('\n')[0]
    .trim();
  const m = /^(.+?)(?:[。！？]|[.!?](?:\s|$))/.exec(text);
  const s = (m ? m[1] : text).trim();
  return s.length > 80 ? s.slice(0, 79).trimEnd() + '…' : s;
}
