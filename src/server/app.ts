/**
 * The HTTP layer of `ohos-errors serve`: a thin adapter over the library (lookup, search, match,
 * scan) plus the static web UI. Plain `node:http`: the routes are few, and the load target
 * (≥ 0.6× a bare Node server on /api/codes/:code) leaves no room for a framework's overhead.
 *
 * Every registry-backed response carries an ETag; JSON and assets are gzip/brotli-compressed when
 * the client accepts it; no CORS header unless asked for; a strict CSP on every response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zc } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { lookup, listKits, getKit, nearestCodes, parseCode } from '../lookup/lookup.js';
import { readIndex } from '../registry/store.js';
import { searchDetailed } from '../search/search.js';
import { match } from '../match/match.js';
import { Scanner } from '../scan/scanner.js';
import type { Entry, Lang } from '../registry/types.js';
import { overlayProblem } from '../registry/overlay.js';

export interface AppOptions {
  /** Folder with index.html, app.js, app.css (default: dist/web next to this module). */
  webDir?: string;
  /** Largest accepted request body, bytes (default 5 MiB). */
  maxBody?: number;
  /** Request bodies held in memory at once, all requests together, bytes (default 32 MiB). */
  maxInFlight?: number;
  /** Response cache budget, bytes (default 32 MiB). */
  cacheBytes?: number;
  /** Allowed CORS origin; none by default. */
  cors?: string;
  /**
   * Host names the server answers to (DNS-rebinding guard); requests naming another host get 421.
   * Undefined: any (the server listens on a non-loopback address by the user's choice).
   */
  allowedHosts?: string[];
}

/** A CORS origin as `--cors` accepts it: `*` or scheme://host[:port], nothing else. */
export function validOrigin(o: string): boolean {
  return o === '*' || /^https?:\/\/[A-Za-z0-9.-]{1,253}(?::\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]{2,45}\](?::\d{1,5})?$/.test(o);
}

/** Bytes a drained, refused upload may still send before the connection is closed. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

const MAX_URL = 8 * 1024;
const SECURITY = {
  'Content-Security-Policy': '',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

SECURITY['Content-Security-Policy'] = CSP;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface Prepared {
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  etag: string;
  type: string;
}

function prepare(body: string | Buffer, type: string): Prepared {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  const etag = `"${createHash('sha1').update(buf).digest('base64url').slice(0, 22)}"`;
  const p: Prepared = { body: buf, etag, type };
  if (buf.length > 1024) {
    p.gzip = gzipSync(buf, { level: 6 });
    // A small window (256 KiB) and a size hint: brotli's working memory per call stays small.
    p.br = brotliCompressSync(buf, { params: { [zc.BROTLI_PARAM_QUALITY]: 5, [zc.BROTLI_PARAM_LGWIN]: 18, [zc.BROTLI_PARAM_SIZE_HINT]: buf.length } });
  }
  return p;
}

/** Entries without their bulky source list, for list-shaped answers. */
function brief(e: Entry, lang?: Lang) {
  return { code: e.code, kit: e.kit, page: e.page, title: lang ? e.title[lang] ?? e.title[lang === 'zh' ? 'en' : 'zh'] : e.title, systemApi: e.systemApi };
}

export function createApp(opts: AppOptions = {}) {
  const webDir = opts.webDir ?? fileURLToPath(new URL('../web/', import.meta.url));
  const maxBody = opts.maxBody ?? 5 * 1024 * 1024;
  const maxInFlight = opts.maxInFlight ?? 32 * 1024 * 1024;
  if (opts.cors !== undefined && !validOrigin(opts.cors)) throw new Error(`invalid CORS origin "${opts.cors}"`);
  const allowedHosts = opts.allowedHosts && new Set(opts.allowedHosts.map((h) => h.toLowerCase()));
  const dataVersion = readIndex().dataVersion;
  let inFlight = 0;

  const assets = new Map<string, Prepared>();
  const asset = (name: string, type: string) => {
    let p = assets.get(name);
    if (!p) {
      const file = join(webDir, name);
      if (!existsSync(file)) throw new HttpError(500, `web asset ${name} is missing: run npm run build`);
      p = prepare(readFileSync(file), type);
      assets.set(name, p);
    }
    return p;
  };
  const STATIC: Record<string, [string, string]> = {
    '/assets/app.js': ['app.js', 'text/javascript; charset=utf-8'],
    '/assets/app.css': ['app.css', 'text/css; charset=utf-8'],
    '/favicon.svg': ['favicon.svg', 'image/svg+xml'],
  };
  const SHELL = /^\/(?:|codes\/-?\d{1,16}|kits(?:\/[a-z0-9._-]{1,80})?|apis\/[@A-Za-z0-9_$.%-]{1,200}|paste|search)$/;

  /** Response headers of one prepared body, per encoding and cache policy, built once. */
  const headerCache = new WeakMap<Prepared, Map<string, string[]>>();
  function headersFor(p: Prepared, encoding: '' | 'gzip' | 'br', cacheControl: string, withLength: boolean): string[] {
    const key = `${encoding}|${cacheControl}|${withLength}`;
    let m = headerCache.get(p);
    if (!m) headerCache.set(p, (m = new Map()));
    let h = m.get(key);
    if (!h) {
      h = [...Object.entries(SECURITY).flat(), 'Content-Type', p.type, 'ETag', p.etag, 'Cache-Control', cacheControl, 'Vary', 'Accept-Encoding'];
      if (opts.cors) h.push('Access-Control-Allow-Origin', opts.cors);
      if (encoding) h.push('Content-Encoding', encoding);
      if (withLength) h.push('Content-Length', String((encoding === 'br' ? p.br : encoding === 'gzip' ? p.gzip : p.body)!.length));
      m.set(key, h);
    }
    return h;
  }

  function send(req: IncomingMessage, res: ServerResponse, status: number, p: Prepared, cacheControl: string) {
    if (status === 200 && req.headers['if-none-match'] === p.etag) {
      res.writeHead(304, headersFor(p, '', cacheControl, false));
      res.end();
      return;
    }
    const ae = req.headers['accept-encoding'];
    const encoding = ae && p.br && /\bbr\b/.test(ae) ? 'br' : ae && p.gzip && /\bgzip\b/.test(ae) ? 'gzip' : '';
    const body = encoding === 'br' ? p.br! : encoding === 'gzip' ? p.gzip! : p.body;
    res.writeHead(status, headersFor(p, encoding, cacheControl, true));
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /**
   * Answers of registry-backed GET routes (the data does not change while serving), in an LRU with
   * a byte budget, keyed by the normalised request: the path and the parameters the route reads,
   * so junk parameters (`&n=1`, `&n=2` …) cannot fill it.
   */
  const cache = new LRUCache<string, { status: number; p: Prepared }>({
    maxSize: opts.cacheBytes ?? 32 * 1024 * 1024,
    sizeCalculation: (v) => v.p.body.length + (v.p.gzip?.length ?? 0) + (v.p.br?.length ?? 0) + 200,
  });
  const cacheKey = (rawUrl: string): string | undefined => {
    let u: URL;
    try {
      u = new URL(rawUrl, 'http://localhost');
    } catch {
      return undefined;
    }
    const keep = ['q', 'lang', 'kit', 'limit'].map((k) => [k, u.searchParams.getAll(k).join('\u0000')] as const).filter(([, v]) => v);
    return `${u.pathname}?${keep.map(([k, v]) => `${k}=${v}`).join('&')}`;
  };

  function json(req: IncomingMessage, res: ServerResponse, status: number, value: unknown, cacheable = false) {
    const p = prepare(JSON.stringify(value), 'application/json; charset=utf-8');
    const key = cacheable && status === 200 ? cacheKey(req.url ?? '') : undefined;
    if (key) cache.set(key, { status, p });
    send(req, res, status, p, status === 200 ? 'public, max-age=60' : 'no-store');
  }

  /**
   * The body, within `maxBody` for this request and `maxInFlight` for all requests together
   * (503 when the server is full). A refused body is drained (up to DRAIN_LIMIT) so the client
   * reads the 413 instead of a reset connection.
   */
  function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxBody) return reject(new HttpError(413, `request body over ${maxBody} bytes`));
      const parts: Buffer[] = [];
      let size = 0;
      let held = 0;
      const free = () => {
        inFlight -= held;
        held = 0;
      };
      const refuse = (e: HttpError) => {
        free();
        parts.length = 0;
        req.removeAllListeners('data');
        reject(e);
      };
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBody) return refuse(new HttpError(413, `request body over ${maxBody} bytes`));
        if (inFlight + c.length > maxInFlight) return refuse(new HttpError(503, 'server busy: too many request bodies in flight; retry', {}, { 'Retry-After': '1' }));
        inFlight += c.length;
        held += c.length;
        parts.push(c);
      });
      req.on('end', () => {
        const buf = Buffer.concat(parts);
        free();
        try {
          resolve(new TextDecoder('utf-8', { fatal: true }).decode(buf));
        } catch {
          reject(new HttpError(400, 'request body is not valid UTF-8'));
        }
      });
      req.on('error', (e) => {
        free();
        reject(e);
      });
      req.on('close', free);
    });
  }

  /** The text of a POST: a JSON body {"text": "…"} or the raw text. */
  async function textOf(req: IncomingMessage): Promise<string> {
    const body = await readBody(req);
    const type = String(req.headers['content-type'] ?? '');
    if (type.includes('application/json')) {
      let v: unknown;
      try {
        v = JSON.parse(body);
      } catch {
        throw new HttpError(400, 'malformed JSON body');
      }
      if (!v || typeof v !== 'object' || typeof (v as { text?: unknown }).text !== 'string') throw new HttpError(400, 'JSON body needs a "text" string');
      return (v as { text: string }).text;
    }
    return body;
  }

  function params(url: URL) {
    const lang = url.searchParams.get('lang') ?? undefined;
    if (lang !== undefined && lang !== 'zh' && lang !== 'en') throw new HttpError(400, 'lang must be zh or en');
    const limitRaw = url.searchParams.get('limit');
    const limit = limitRaw === null ? undefined : Number(limitRaw);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 200)) throw new HttpError(400, 'limit must be a whole number from 1 to 200');
    const kit = url.searchParams.get('kit') ?? undefined;
    return { lang: lang as Lang | undefined, limit, kit };
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const rawUrl = req.url ?? '/';
    if (rawUrl.length > MAX_URL) throw new HttpError(414, 'URL too long');
    // A stray `%` (q=% / q=%zz) is a malformed URL, not a search for "%".
    if (/%(?![0-9A-Fa-f]{2})/.test(rawUrl)) throw new HttpError(400, 'malformed URL: bad percent-encoding');
    let url: URL;
    try {
      url = new URL(rawUrl, 'http://localhost');
      // Reject invalid percent-encoding / UTF-8 early, for path and query alike.
      decodeURIComponent(url.pathname);
      for (const [k, v] of url.searchParams) if (/\uFFFD/.test(k + v) && !/%EF%BF%BD/i.test(rawUrl)) throw new Error('bad utf-8');
    } catch {
      throw new HttpError(400, 'malformed URL');
    }
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const isGet = method === 'GET' || method === 'HEAD';

    if (path.startsWith('/api/')) {
      let m: RegExpExecArray | null;
      if ((m = /^\/api\/codes\/([^/]+)$/.exec(path))) {
        if (!isGet) throw new HttpError(405, 'use GET');
        const code = parseCode(decodeURIComponent(m[1]));
        if (code === undefined) throw new HttpError(400, `"${decodeURIComponent(m[1]).slice(0, 40)}" is not an error code`);
        const { kit } = params(url);
        const entries = lookup(code, { kit });
        if (!entries.length) {
          const near = nearestCodes(code, 5).map((c) => ({ code: c, entries: lookup(c).map((e) => brief(e)) }));
          return json(req, res, 404, { error: `no entry for code ${code}${kit ? ` in kit ${kit}` : ''}`, code, near });
        }
        return json(req, res, 200, entries, true);
      }
      if (path === '/api/kits') {
        if (!isGet) throw new HttpError(405, 'use GET');
        return json(req, res, 200, listKits().map(({ pages, ...k }) => ({ ...k, pages: pages.length })), true);
      }
      if ((m = /^\/api\/kits\/([^/]+)$/.exec(path))) {
        if (!isGet) throw new HttpError(405, 'use GET');
        const id = decodeURIComponent(m[1]);
        const kit = getKit(id);
        if (!kit) throw new HttpError(404, `no kit "${id.slice(0, 80)}"`);
        const { readRegistry } = await import('../registry/store.js');
        const entries = readRegistry().entries.filter((e) => e.kit.id === kit.id).map((e) => brief(e));
        return json(req, res, 200, { ...kit, codes: entries }, true);
      }
      if (path === '/api/search') {
        if (!isGet) throw new HttpError(405, 'use GET');
        const q = url.searchParams.get('q');
        if (!q || !q.trim()) throw new HttpError(400, 'q is required');
        if (q.length > 500) throw new HttpError(400, 'q is longer than 500 characters');
        const p = params(url);
        const d = searchDetailed(q, { lang: p.lang, kit: p.kit, limit: p.limit ?? 20 });
        const results = d.results.map(({ entry, ...r }) => ({ ...r, messages: entry.messages.slice(0, 2) }));
        // ?detailed=1: { results, partial, didYouMean? } (the web page's "did you mean"); else the list.
        if (url.searchParams.get('detailed') === '1') return json(req, res, 200, { results, partial: d.partial, ...(d.didYouMean ? { didYouMean: d.didYouMean } : {}) }, true);
        return json(req, res, 200, results, true);
      }
      if (path === '/api/match') {
        if (method !== 'POST') throw new HttpError(405, 'use POST');
        const text = await textOf(req);
        if (!text.trim()) throw new HttpError(400, 'empty message');
        const r = match(text.slice(0, 4000), { limit: 20 });
        return json(req, res, 200, { text: r.text, statedCode: r.statedCode ?? null, candidates: r.candidates.map(({ entry, ...c }) => ({ ...c, title: entry.title })) });
      }
      if (path === '/api/scan') {
        if (method !== 'POST') throw new HttpError(405, 'use POST');
        const text = await textOf(req);
        // A summary, capped: never one row per occurrence, whatever the log.
        const scanner = new Scanner({ maxRows: 500, maxCrashes: 200 });
        scanner.scanText(text);
        const s = scanner.summary();
        return json(req, res, 200, { ...s, rows: s.rows.map(({ entry: _e, ...r }) => r) });
      }
      if (path === '/api/apis') {
        if (!isGet) throw new HttpError(405, 'use GET');
        const q = url.searchParams.get('q');
        if (!q || !q.trim()) throw new HttpError(400, 'q is required');
        if (q.length > 300) throw new HttpError(400, 'q is longer than 300 characters');
        const { limit } = params(url);
        const { codesFor, findApis, nearestApis } = await import('../lookup/apis.js');
        const total = findApis(q.trim()).length;
        const found = codesFor(q.trim(), { limit: limit ?? 50 });
        const apis = found.map(({ api, throws }) => ({
          ...api,
          throws: throws.map((t) => ({ code: t.code, message: t.message, ...(t.note ? { note: t.note } : {}), ...(t.entries[0] ? { title: t.entries[0].title } : {}), kits: [...new Set(t.entries.map((e) => e.kit.id))] })),
        }));
        if (!found.length) return json(req, res, 404, { error: `no API matches "${q.slice(0, 80)}"`, near: nearestApis(q) });
        return json(req, res, 200, { query: q, total, apis }, true);
      }
      if ((m = /^\/api\/codes\/([^/]+)\/apis$/.exec(path))) {
        if (!isGet) throw new HttpError(405, 'use GET');
        const code = parseCode(decodeURIComponent(m[1]));
        if (code === undefined) throw new HttpError(400, 'not an error code');
        const { kit } = params(url);
        const { apisFor } = await import('../lookup/apis.js');
        const out = lookup(code, { kit }).map((e) => ({ kit: e.kit.id, page: e.page.id, ...(e.occurrence ? { occurrence: e.occurrence } : {}), apis: apisFor(code, { entry: e }).map((a) => ({ name: a.name, module: a.module, since: a.since })) }));
        return json(req, res, 200, out, true);
      }
      if (path === '/api/health') {
        const problem = overlayProblem();
        return json(req, res, problem ? 500 : 200, problem ? { ok: false, dataVersion, overlay: problem } : { ok: true, dataVersion });
      }
      throw new HttpError(404, 'no such API route');
    }

    if (!isGet) throw new HttpError(405, 'use GET');
    const st = STATIC[path];
    if (st) return send(req, res, 200, asset(st[0], st[1]), 'public, max-age=300');
    if (SHELL.test(path)) return send(req, res, 200, asset('index.html', 'text/html; charset=utf-8'), 'no-cache');
    throw new HttpError(404, 'not found');
  }

  /** Host header check (DNS rebinding): only the names the server was bound as, with any port. */
  function hostOk(req: IncomingMessage): boolean {
    if (!allowedHosts) return true;
    const h = (req.headers.host ?? '').toLowerCase();
    const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d*$/, '');
    return allowedHosts.has(name);
  }

  return async function handler(req: IncomingMessage, res: ServerResponse) {
    try {
      if (!hostOk(req)) throw new HttpError(req.headers.host ? 421 : 400, req.headers.host ? 'this server does not answer to that host name' : 'Host header required');
      if (req.method === 'GET' || req.method === 'HEAD') {
        const key = cacheKey(req.url ?? '');
        const hit = key !== undefined && !/%(?![0-9A-Fa-f]{2})/.test(req.url ?? '') ? cache.get(key) : undefined;
        if (hit) return send(req, res, hit.status, hit.p, 'public, max-age=60');
      }
      await route(req, res);
    } catch (e) {
      try {
        const err = e instanceof HttpError ? e : new HttpError(500, 'internal error');
        if (!(e instanceof HttpError)) {
          const code = (e as NodeJS.ErrnoException)?.code;
          // A client that went away mid-upload is one log line, not a stack trace.
          if (code === 'ECONNRESET' || code === 'ECONNABORTED' || req.destroyed) {
            console.error(`${req.method} ${(req.url ?? '').slice(0, 200)}: client aborted (${code ?? 'closed'})`);
            return res.destroy();
          }
          console.error(`${req.method} ${(req.url ?? '').slice(0, 200)}: ${(e as Error)?.stack ?? e}`);
        }
        if (res.headersSent) return res.destroy();
        const body = prepare(JSON.stringify({ error: err.message, status: err.status, ...err.extra }), 'application/json; charset=utf-8');
        for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
        if (err.status === 413 || err.status === 503) {
          // Refused upload: answer, then read (and drop) what the client still sends, up to a
          // bound, so it sees the status instead of a reset; then close.
          res.setHeader('Connection', 'close');
          let drained = 0;
          req.on('data', (c: Buffer) => {
            drained += c.length;
            if (drained > DRAIN_LIMIT) req.destroy();
          });
          req.resume();
        }
        send(req, res, err.status, body, 'no-store');
      } catch (e2) {
        // Nothing an error path does may take the process down.
        console.error(`error while answering ${req.method} ${(req.url ?? '').slice(0, 200)}: ${(e2 as Error)?.message ?? e2}`);
        res.destroy();
      }
    }
  };
}

/** Security headers (the same on every response), for raw answers written outside a handler. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = SECURITY;
