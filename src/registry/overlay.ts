/**
 * The per-user overlay: entries (and SDK APIs) a user added with `ohos-errors import --save` from
 * pages and declaration files we do not ship. Lives in the user's data directory; lookups include it.
 *
 * Writes are safe under concurrency and in hostile directories: an exclusive lock
 * (`proper-lockfile`, stale locks taken over) around read-merge-write, so parallel `--save` runs
 * lose nothing; the new content goes to a temp file created with O_EXCL (never through a
 * symlink) and renamed over the old one, keeping its permissions; a symlinked or read-only
 * overlay, a read-only directory or a home that is a file are clear errors, not stack traces.
 */
import { closeSync, constants, existsSync, fchmodSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { ApiInfo, Entry } from './types.js';
import { UserError } from '../util/errors.js';

export interface Overlay {
  schemaVersion: 1;
  entries: Entry[];
  /** APIs read from declaration files the user imported (`import x.d.ts --save`). */
  apis: ApiInfo[];
}

/** An overlay larger than this is refused (it is the user's own imports: pages, not logs). */
export const MAX_OVERLAY_BYTES = 256 * 1024 * 1024;

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

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * What consumers rely on in an entry / API (the full schema is checked when `import --save` writes
 * one): enough that a hand-edited or corrupted overlay is an error message, never a crash.
 */
function entryProblem(e: unknown): string | undefined {
  if (!isObj(e)) return 'not an object';
  if (!isObj(e.kit) || typeof e.kit.id !== 'string' || !isObj(e.kit.name)) return 'kit must be { id, name }';
  if (!isObj(e.page) || typeof e.page.id !== 'string' || !isObj(e.page.title)) return 'page must be { id, title }';
  if (!Number.isSafeInteger(e.code)) return 'code must be an integer';
  if (!isObj(e.title)) return 'title must be an object';
  if (!Array.isArray(e.messages) || !e.messages.every((m) => typeof m === 'string')) return 'messages must be a list of strings';
  if (!Array.isArray(e.sources) || !e.sources.every((s) => isObj(s) && typeof s.file === 'string')) return 'sources must be a list of { file, … }';
  for (const f of ['description', 'causes', 'solutions', 'notes'] as const) if (e[f] !== undefined && !isObj(e[f])) return `${f} must be an object`;
  return undefined;
}

function apiProblem(a: unknown): string | undefined {
  if (!isObj(a)) return 'not an object';
  if (typeof a.name !== 'string' || typeof a.module !== 'string') return 'name and module must be strings';
  if (!Array.isArray(a.throws) || !a.throws.every((t) => isObj(t) && Number.isSafeInteger(t.code) && typeof t.message === 'string')) return 'throws must be a list of { code, message }';
  return undefined;
}

function parseOverlay(text: string, path: string): Overlay {
  const fail = (why: string): never => {
    throw new UserError(`${path}: not a valid overlay file (${why}); fix or delete it`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    fail((e as Error).message);
  }
  if (!isObj(data) || !Array.isArray(data.entries)) fail('no "entries" array');
  const o = data as Record<string, unknown> & { entries: unknown[] };
  if (o.apis !== undefined && !Array.isArray(o.apis)) fail('"apis" is not an array');
  o.entries.forEach((e, i) => {
    const p = entryProblem(e);
    if (p) fail(`entries[${i}]: ${p}`);
  });
  ((o.apis as unknown[] | undefined) ?? []).forEach((a, i) => {
    const p = apiProblem(a);
    if (p) fail(`apis[${i}]: ${p}`);
  });
  return { schemaVersion: 1, entries: o.entries as Entry[], apis: (o.apis as ApiInfo[] | undefined) ?? [] };
}

function readFresh(path: string): Overlay {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { schemaVersion: 1, entries: [], apis: [] };
    throw new UserError(`${path}: cannot read (${code})`);
  }
  if (!st.isFile()) throw new UserError(`${path}: not a regular file; move it away`);
  if (st.size > MAX_OVERLAY_BYTES) throw new UserError(`${path}: larger than ${MAX_OVERLAY_BYTES / 1024 / 1024} MiB; not an overlay written by ohos-errors`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseOverlay(text, path);
}

export function readOverlay(path = overlayPath()): Overlay {
  if (cache?.path === path) return cache.overlay;
  const overlay = existsSync(path) ? readFresh(path) : { schemaVersion: 1 as const, entries: [], apis: [] };
  cache = { path, overlay };
  return overlay;
}

/** Why the overlay cannot be used, or undefined when it can (for health checks). */
export function overlayProblem(path = overlayPath()): string | undefined {
  try {
    readOverlay(path);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Make the data directory, or say clearly why it cannot be. */
function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') throw new UserError(`${dir}: the data directory is a file (set OHOS_ERRORS_HOME to a folder)`);
    throw new UserError(`${dir}: cannot create the data directory (${code})`);
  }
  const st = statSync(dir);
  if (!st.isDirectory()) throw new UserError(`${dir}: the data directory is a file (set OHOS_ERRORS_HOME to a folder)`);
  // The owner's write bit, checked even for a superuser, who would otherwise write anywhere.
  if (!(st.mode & 0o200)) throw new UserError(`${dir}: the data directory is read-only; nothing saved`);
}

/**
 * Write `text` to `path` through a fresh temp file beside it: created with O_EXCL (so a planted
 * file or symlink of that name is never followed), given the old file's mode, then renamed.
 */
function replaceFile(path: string, text: string, mode: number): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${dir}: cannot write here (${code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'read-only' : code})`);
  }
  try {
    const buf = Buffer.from(text);
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
    fchmodSync(fd, mode);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    throw new UserError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * Add entries (replacing any with the same kit, page, code, occurrence) and APIs (same module and
 * name), under an exclusive lock: read the current file, merge, write, release.
 */
export async function saveToOverlay(entries: Entry[], path = overlayPath(), apis: ApiInfo[] = []): Promise<{ added: number; replaced: number }> {
  const dir = dirname(path);
  ensureDir(dir);
  let mode = 0o644;
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) throw new UserError(`${path}: is a symbolic link; refusing to replace it (point OHOS_ERRORS_HOME at the real folder)`);
    if (!st.isFile()) throw new UserError(`${path}: not a regular file; move it away`);
    if (!(st.mode & 0o200)) throw new UserError(`${path}: is read-only; not changed`);
    mode = st.mode & 0o777;
  } catch (e) {
    if (e instanceof UserError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code})`);
  }
  let release: () => Promise<void>;
  // Loaded here, not at the top: a plain lookup reads the overlay but never locks it.
  const { default: lockfile } = await import('proper-lockfile');
  try {
    release = await lockfile.lock(path, { realpath: false, lockfilePath: `${path}.lock`, stale: 10_000, update: 2_000, retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 250, randomize: true } });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOCKED') throw new UserError(`${path}: another ohos-errors is saving and did not finish; try again`);
    throw new UserError(`${dir}: cannot lock the overlay (${code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'read-only' : code ?? (e as Error).message})`);
  }
  try {
    const cur = readFresh(path);
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
    replaceFile(path, JSON.stringify(next, null, 1) + '\n', mode);
    cache = { path, overlay: next };
    return { added: incoming.size + newApis.size - replaced, replaced };
  } finally {
    await release().catch(() => undefined);
  }
}
