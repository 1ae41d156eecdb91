/**
 * The per-user overlay: entries a user added with `ohos-errors import --save` from pages we do not
 * ship. Lives in the user's data directory; lookups include it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ApiInfo, Entry } from './types.js';
import { writeFileAtomic } from '../util/fs.js';
import { UserError } from '../util/errors.js';

export interface Overlay {
  schemaVersion: 1;
  entries: Entry[];
  /** APIs read from declaration files the user imported (`import x.d.ts --save`). */
  apis: ApiInfo[];
}

/** $OHOS_ERRORS_HOME, else the platform's user data directory. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OHOS_ERRORS_HOME) return env.OHOS_ERRORS_HOME;
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'ohos-errors');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'ohos-errors');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'ohos-errors');
}

export function overlayPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataDir(env), 'overlay.json');
}

let cache: { path: string; overlay: Overlay } | undefined;

export function readOverlay(path = overlayPath()): Overlay {
  if (cache?.path === path) return cache.overlay;
  let overlay: Overlay = { schemaVersion: 1, entries: [], apis: [] };
  if (existsSync(path)) {
    try {
      const data = JSON.parse(readFileSync(path, 'utf8')) as Overlay;
      if (!data || !Array.isArray(data.entries)) throw new Error('no "entries" array');
      if (data.apis !== undefined && !Array.isArray(data.apis)) throw new Error('"apis" is not an array');
      overlay = { ...data, apis: data.apis ?? [] };
    } catch (e) {
      throw new UserError(`${path}: not a valid overlay file (${(e as Error).message}); fix or delete it`);
    }
  }
  cache = { path, overlay };
  return overlay;
}

/** Add entries (replacing any with the same kit, page, code, occurrence) and APIs (same module and name). */
export function saveToOverlay(entries: Entry[], path = overlayPath(), apis: ApiInfo[] = []): { added: number; replaced: number } {
  const cur = readOverlay(path);
  const key = (e: Entry) => `${e.kit.id}\u0000${e.page.id}\u0000${e.code}\u0000${e.occurrence ?? 1}`;
  const incoming = new Map(entries.map((e) => [key(e), e]));
  const kept = cur.entries.filter((e) => !incoming.has(key(e)));
  const apiKey = (a: ApiInfo) => `${a.module}\u0000${a.name}`;
  const newApis = new Map(apis.map((a) => [apiKey(a), a]));
  const keptApis = cur.apis.filter((a) => !newApis.has(apiKey(a)));
  const replaced = cur.entries.length - kept.length + cur.apis.length - keptApis.length;
  const next: Overlay = {
    schemaVersion: 1,
    entries: [...kept, ...incoming.values()].sort((a, b) => (a.kit.id < b.kit.id ? -1 : a.kit.id > b.kit.id ? 1 : a.code - b.code)),
    apis: [...keptApis, ...newApis.values()].sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
  writeFileAtomic(path, JSON.stringify(next, null, 1) + '\n');
  cache = { path, overlay: next };
  return { added: incoming.size + newApis.size - replaced, replaced };
}
