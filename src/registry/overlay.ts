/**
 * The per-user overlay: entries a user added with `ohos-errors import --save` from pages we do not
 * ship. Lives in the user's data directory; lookups include it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Entry } from './types.js';
import { writeFileAtomic } from '../util/fs.js';
import { UserError } from '../util/errors.js';

export interface Overlay {
  schemaVersion: 1;
  entries: Entry[];
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
  let overlay: Overlay = { schemaVersion: 1, entries: [] };
  if (existsSync(path)) {
    try {
      const data = JSON.parse(readFileSync(path, 'utf8')) as Overlay;
      if (!data || !Array.isArray(data.entries)) throw new Error('no "entries" array');
      overlay = data;
    } catch (e) {
      throw new UserError(`${path}: not a valid overlay file (${(e as Error).message}); fix or delete it`);
    }
  }
  cache = { path, overlay };
  return overlay;
}

/** Add entries, replacing any with the same (kit, page, code). */
export function saveToOverlay(entries: Entry[], path = overlayPath()): { added: number; replaced: number } {
  const cur = readOverlay(path);
  const key = (e: Entry) => `${e.kit.id}\u0000${e.page.id}\u0000${e.code}`;
  const incoming = new Map(entries.map((e) => [key(e), e]));
  const kept = cur.entries.filter((e) => !incoming.has(key(e)));
  const replaced = cur.entries.length - kept.length;
  const next: Overlay = { schemaVersion: 1, entries: [...kept, ...incoming.values()].sort((a, b) => (a.kit.id < b.kit.id ? -1 : a.kit.id > b.kit.id ? 1 : a.code - b.code)) };
  writeFileAtomic(path, JSON.stringify(next, null, 1) + '\n');
  cache = { path, overlay: next };
  return { added: incoming.size - replaced, replaced };
}
