/** `serve`: every API route over real HTTP, caching and compression, and a corpus of hostile input. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { join } from 'node:path';
import { startServer } from '../src/server/serve.js';
import { CLI, ROOT, tempDir } from './helpers.js';

let base = '';
let close: () => Promise<void>;

before(async () => {
  const s = await startServer({ port: 0, signals: false, webDir: join(ROOT, 'dist', 'web'), maxBody: 256 * 1024 });
  base = s.url;
  close = s.close;
});
after(() => close());

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  json: () => any;
}

/** Raw HTTP request (no URL normalisation, so hostile paths reach the server as written). */
function raw(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Res> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers: { ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c) => parts.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(parts);
        const text = buf.toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, body: buf, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

test('GET /api/apis?q=: APIs with their codes; 404 with near names; 400 without q; /api/codes/:code/apis lists every API of an entry', async () => {
  const r = await raw('GET', '/api/apis?q=RdbStore.insert');
  assert.equal(r.status, 200);
  const j = r.json();
  const api = j.apis.find((a: { name: string }) => a.name === 'relationalStore.RdbStore.insert');
  assert.equal(api.module, '@ohos.data.relationalStore');
  assert.ok(api.throws.some((t: { code: number; title?: { en?: string } }) => t.code === 14800014 && t.title?.en));
  const nf = await raw('GET', '/api/apis?q=RdbStore.insrt');
  assert.equal(nf.status, 404);
  assert.ok(nf.json().near.includes('relationalStore.RdbStore.insert'), nf.text);
  assert.equal((await raw('GET', '/api/apis')).status, 400);
  assert.equal((await raw('GET', '/api/apis?q=x&limit=0')).status, 400);
  const all = await raw('GET', '/api/codes/14800014/apis?kit=arkdata');
  assert.equal(all.status, 200);
  const entry = (await raw('GET', '/api/codes/14800014?kit=arkdata')).json()[0];
  assert.equal(all.json()[0].apis.length, entry.thrownBy.count);
});

test('GET /api/codes/:code: every entry, ?kit= filter, 404 with near codes, 400 for non-codes', async () => {
  const r = await raw('GET', '/api/codes/401');
  assert.equal(r.status, 200);
  assert.ok(r.json().length >= 3);
  const k = await raw('GET', '/api/codes/401?kit=core-vision-kit');
  assert.deepEqual(k.json().map((e: { kit: { id: string } }) => e.kit.id), ['core-vision-kit']);
  const nf = await raw('GET', '/api/codes/12000099');
  assert.equal(nf.status, 404);
  assert.ok(nf.json().near.length > 0 && nf.json().near[0].code);
  assert.equal((await raw('GET', '/api/codes/12x')).status, 400);
  assert.equal((await raw('POST', '/api/codes/401', '')).status, 405);
});

test('GET /api/kits and /api/kits/:id', async () => {
  const kits = (await raw('GET', '/api/kits')).json();
  assert.ok(kits.some((k: { id: string }) => k.id === 'universal-keystore-kit'));
  const huks = await raw('GET', '/api/kits/universal-keystore-kit');
  assert.equal(huks.status, 200);
  assert.ok(huks.json().codes.some((c: { code: number }) => c.code === 12000011));
  assert.equal((await raw('GET', '/api/kits/no-such-kit')).status, 404);
});

test('GET /api/search: results best first; bad parameters are 400', async () => {
  const r = await raw('GET', `/api/search?q=${encodeURIComponent('密钥别名不存在')}&limit=5`);
  assert.equal(r.status, 200);
  const res = r.json();
  assert.ok(res.length <= 5 && res.some((x: { code: number }) => x.code === 12000011));
  assert.ok(res.every((x: { code: number; kit: { id: string }; score: number; field: string }) => typeof x.code === 'number' && x.kit.id && typeof x.score === 'number' && x.field));
  const detailed = (await raw('GET', '/api/search?q=permision+denid&detailed=1')).json();
  assert.equal(detailed.didYouMean, 'permission denied');
  assert.equal(typeof detailed.partial, 'boolean');
  assert.ok(Array.isArray(detailed.results));
  const en = (await raw('GET', '/api/search?q=key+alias&lang=en&kit=universal-keystore-kit')).json();
  assert.ok(en.every((x: { kit: { id: string } }) => x.kit.id === 'universal-keystore-kit'));
  for (const bad of ['/api/search', '/api/search?q=', '/api/search?q=x&lang=fr', '/api/search?q=x&limit=0', '/api/search?q=x&limit=abc', `/api/search?q=${'a'.repeat(600)}`]) {
    const b = await raw('GET', bad);
    assert.equal(b.status, 400, bad);
    assert.equal(typeof b.json().error, 'string');
  }
});

test('POST /api/match (text or JSON) and /api/scan (size-limited)', async () => {
  const m = await raw('POST', '/api/match', 'BusinessError: Invalid key size.', { 'content-type': 'text/plain' });
  assert.equal(m.status, 200);
  assert.deepEqual([m.json().candidates[0].code, m.json().candidates[0].messageInfo], [12000003, 'key size']);
  const j = await raw('POST', '/api/match', JSON.stringify({ text: 'The entity does not exist.' }), { 'content-type': 'application/json' });
  assert.equal(j.json().candidates[0].code, 12000011);
  const s = await raw('POST', '/api/scan', '04-19 17:02:14.735  5394  5394 E A03200/KeyStore: generate failed, code: 12000011, message: The entity does not exist.\npid=12000011\n');
  assert.equal(s.status, 200);
  assert.deepEqual(s.json().rows.map((r: { code: number }) => r.code), [12000011]);
  const big = await raw('POST', '/api/scan', 'x'.repeat(300 * 1024));
  assert.equal(big.status, 413);
  assert.equal((await raw('GET', '/api/match')).status, 405);
});

test('ETag and 304; gzip and brotli; no CORS header by default; CSP forbids inline scripts', async () => {
  const a = await raw('GET', '/api/codes/12000011');
  const etag = a.headers.etag as string;
  assert.ok(etag);
  assert.equal((await raw('GET', '/api/codes/12000011', undefined, { 'if-none-match': etag })).status, 304);
  const gz = await raw('GET', '/api/kits', undefined, { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.ok(JSON.parse(gunzipSync(gz.body).toString()).length > 10);
  const br = await raw('GET', '/api/kits', undefined, { 'accept-encoding': 'gzip, br' });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.ok(JSON.parse(brotliDecompressSync(br.body).toString()).length > 10);
  assert.equal(a.headers['access-control-allow-origin'], undefined);
  const csp = a.headers['content-security-policy'] as string;
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const page = await raw('GET', '/codes/12000011');
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /<script>(?!<\/script>)/, 'no inline script in the page');
});

test('hostile input corpus: 4xx, never 5xx, never a file outside the web folder', async () => {
  const cases: [string, string, string | Buffer | undefined, Record<string, string>?][] = [
    ['GET', '/../package.json', undefined],
    ['GET', '/assets/../../package.json', undefined],
    ['GET', '/assets/..%2f..%2fpackage.json', undefined],
    ['GET', '/%2e%2e/%2e%2e/etc/passwd', undefined],
    ['GET', '/assets/app.js%00.html', undefined],
    ['GET', '/codes/401%ZZ', undefined],
    ['GET', '/api/search?q=%ff%fe', undefined],
    ['GET', '/api/search?q=%E4%B8', undefined],
    ['GET', `/api/search?q=${'x'.repeat(10000)}`, undefined],
    ['GET', '/api/codes/%ff', undefined],
    ['GET', '/api/codes/' + '9'.repeat(40), undefined],
    ['POST', '/api/match', '{"text": ', { 'content-type': 'application/json' }],
    ['POST', '/api/match', '{"nottext": 1}', { 'content-type': 'application/json' }],
    ['POST', '/api/match', '[1,2,3]', { 'content-type': 'application/json' }],
    ['POST', '/api/match', Buffer.from([0xff, 0xfe, 0x41]), { 'content-type': 'text/plain' }],
    ['POST', '/api/match', '', { 'content-type': 'text/plain' }],
    ['POST', '/api/scan', Buffer.from([0xc3, 0x28]), {}],
    ['DELETE', '/api/kits', undefined],
    ['GET', '/api/nothing', undefined],
    ['GET', '/etc/passwd', undefined],
  ];
  for (const [method, path, body, headers] of cases) {
    const r = await raw(method, path, body, headers);
    assert.ok(r.status >= 400 && r.status < 500, `${method} ${path}: ${r.status} ${r.text.slice(0, 100)}`);
    assert.doesNotMatch(r.text, /"name":\s*"ohos-errors"|root:x:0/, `${path} leaked a file`);
  }
  assert.equal((await raw('GET', '/api/health')).status, 200, 'still serving after the hostile corpus');
});

test('graceful shutdown on SIGTERM; --port/--host; port in use is a usage error', async () => {
  const home = tempDir();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1'], { env: { ...process.env, OHOS_ERRORS_HOME: home } });
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      const m = /serving on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(err)));
  });
  const r = await fetch(`${url}/api/health`);
  assert.equal(r.status, 200);
  const port = new URL(url).port;
  const busy = spawn(process.execPath, [CLI, 'serve', '--port', port]);
  const busyExit = await new Promise<number | null>((resolve) => busy.on('exit', resolve));
  assert.equal(busyExit, 2);
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0);
});
