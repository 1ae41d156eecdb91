/**
 * Constant names for generated code (`ohos-errors gen`). Names are a public API: once an entry
 * has one it never changes, so they live in a committed lock file (data/names.lock.json) that the
 * registry build extends for new entries and never rewrites; an entry that leaves the registry
 * keeps its name there, so that no other entry takes it.
 *
 * A new name is the official constant name where a source gives one (an Account Kit table, an SDK
 * error-code enum), otherwise derived from the English title (else the message): UPPER_SNAKE,
 * ASCII, at most MAX_WORDS words, unique within its group (the kit), deterministic for a given
 * lock and registry (entries are named in code order).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Entry } from '../registry/types.js';
import { entryRef } from '../registry/types.js';
import { writeFileAtomic } from '../util/fs.js';
import { UserError } from '../util/errors.js';

export interface NameLock {
  /** Group (kit id) → entry ref → name. */
  kits: Record<string, Record<string, string>>;
}

export const LOCK_COMMENT =
  'Constant names of generated code (ohos-errors gen), by kit and entry. Names are a public API: the registry build adds names for new entries and never changes or removes one. Review additions like code.';

const MAX_WORDS = 6;
const STOP = new Set(['the', 'a', 'an', 'is', 'are', 'was', 'be', 'been', 'of', 'to', 'for', 'in', 'on', 'or', 'and', 'by', 'with', 'this', 'that', 'it', 'its', 'as', 'at']);

const IDENT = /^[A-Z][A-Z0-9_]*$/;

/** UPPER_SNAKE from English text; '' when it has no ASCII word. */
export function snakeName(text: string): string {
  const words = text
    .replace(/\$\{[^{}]*\}/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP.has(w));
  const name = words.slice(0, MAX_WORDS).join('_').toUpperCase();
  return !name ? '' : /^[0-9]/.test(name) ? `E_${name}` : name;
}

/** The name a new entry would get, before making it unique in its group. */
export function proposedName(e: Entry): string {
  if (e.name && IDENT.test(e.name)) return e.name;
  return snakeName(e.title.en ?? '') || snakeName(e.messages[0] ?? '') || `E_${e.code < 0 ? `MINUS_${-e.code}` : e.code}`;
}

/** The group an entry's constant belongs to: its kit. */
export function groupOf(e: Entry): string {
  return e.kit.id;
}

export function emptyLock(): NameLock {
  return { kits: {} };
}

export function readLock(path: string): NameLock {
  if (!existsSync(path)) return emptyLock();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const kits = (raw as { kits?: unknown }).kits;
  if (!kits || typeof kits !== 'object') throw new UserError(`${path}: expected an object with "kits"`);
  for (const [kit, names] of Object.entries(kits as Record<string, unknown>)) {
    if (!names || typeof names !== 'object') throw new UserError(`${path}: kits.${kit} must map entry refs to names`);
    for (const [ref, name] of Object.entries(names as Record<string, unknown>)) {
      if (typeof name !== 'string' || !IDENT.test(name)) throw new UserError(`${path}: kits.${kit}["${ref}"]: "${String(name)}" is not an UPPER_SNAKE name`);
    }
  }
  return { kits: kits as NameLock['kits'] };
}

/** The lock as committed: groups and refs sorted, one name a line. */
export function formatLock(lock: NameLock): string {
  const kits: NameLock['kits'] = {};
  for (const kit of Object.keys(lock.kits).sort()) {
    kits[kit] = {};
    for (const ref of Object.keys(lock.kits[kit]).sort()) kits[kit][ref] = lock.kits[kit][ref];
  }
  return JSON.stringify({ _comment: LOCK_COMMENT, kits }, null, 1) + '\n';
}

export function writeLock(path: string, lock: NameLock): void {
  writeFileAtomic(path, formatLock(lock));
}

/**
 * Names for `entries`: those in the lock as they are, new ones proposed and made unique in their
 * group (suffix `_<code>`, then `_<code>_<n>`). Returns the names and the lock extended with the
 * new ones (the input lock is not changed).
 */
export function assignNames(entries: readonly Entry[], lock: NameLock): { names: Map<string, string>; lock: NameLock; added: number } {
  const out: NameLock = { kits: Object.fromEntries(Object.entries(lock.kits).map(([k, v]) => [k, { ...v }])) };
  const names = new Map<string, string>();
  const taken = new Map<string, Set<string>>();
  const used = (g: string) => taken.get(g) ?? taken.set(g, new Set(Object.values(out.kits[g] ?? {}))).get(g)!;
  let added = 0;
  const ordered = [...entries].sort((a, b) => a.code - b.code || (entryRef(a) < entryRef(b) ? -1 : entryRef(a) > entryRef(b) ? 1 : 0));
  for (const e of ordered) {
    const g = groupOf(e);
    const ref = entryRef(e);
    const locked = out.kits[g]?.[ref];
    if (locked) {
      names.set(ref, locked);
      continue;
    }
    const set = used(g);
    const base = proposedName(e);
    const codePart = e.code < 0 ? `MINUS_${-e.code}` : String(e.code);
    let name = base;
    if (set.has(name)) name = base.endsWith(codePart) ? `${base}_2` : `${base}_${codePart}`;
    for (let n = 2; set.has(name); n++) name = `${base}_${codePart}_${n}`;
    set.add(name);
    (out.kits[g] ??= {})[ref] = name;
    names.set(ref, name);
    added++;
  }
  return { names, lock: out, added };
}
