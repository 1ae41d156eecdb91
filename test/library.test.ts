/** The typed library API, on the registry shipped in data/. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookup, listKits, getKit, formatMessage, nearestCodes, parseCode, readRegistry } from '../src/index.js';
import { validateRegistry } from '../src/registry/validate.js';

test('the shipped registry is schema-valid and consistent with its index', () => {
  const reg = readRegistry();
  assert.deepEqual(validateRegistry(reg), []);
  assert.equal(reg.stats.entries, reg.entries.length);
  assert.equal(listKits({ overlay: false }).reduce((n, k) => n + k.entries, 0), reg.entries.length);
  for (const e of reg.entries.filter((_, i) => i % 97 === 0)) {
    assert.ok(lookup(e.code, { overlay: false }).some((x) => x.kit.id === e.kit.id && x.page.id === e.page.id), `shard has ${e.code}`);
  }
});

test('lookup returns all kits for a shared code and filters by kit', () => {
  const all = lookup(401, { overlay: false });
  assert.ok(new Set(all.map((e) => e.kit.id)).size >= 3);
  assert.ok(all.every((e) => e.code === 401));
  assert.deepEqual(lookup('401', { kit: 'universal', overlay: false }).map((e) => e.kit.id), ['universal']);
  // The universal meaning comes first, then the kits' own.
  const all401 = lookup(401, { overlay: false });
  assert.equal(all401[0].kit.id, 'universal');
  assert.ok(all401.length > 2 && all401.slice(1).every((e) => e.kit.id !== 'universal'));
  assert.deepEqual(lookup(987654321, { overlay: false }), []);
  assert.deepEqual(lookup('12x' as string, { overlay: false }), []);
});

test('getKit by id or name; listKits sorted with counts', () => {
  const k = getKit('universal-keystore-kit', { overlay: false })!;
  assert.equal(k.name.en, 'Universal Keystore Kit');
  assert.equal(getKit('通用密钥库服务', { overlay: false })?.id, 'universal-keystore-kit');
  assert.ok(k.pages.some((p) => p.id === 'errorcode-huks'));
  assert.equal(getKit('no-such-kit', { overlay: false }), undefined);
  const ids = listKits({ overlay: false }).map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort());
});

test('formatMessage fills placeholders it has values for and leaves the rest', () => {
  assert.equal(formatMessage('Invalid ${messageInfo}.', { messageInfo: 'key size' }), 'Invalid key size.');
  assert.equal(formatMessage('The ${messageInfo} is not supported.'), 'The ${messageInfo} is not supported.');
  assert.equal(formatMessage('${a} and ${b}', { a: 1 }), '1 and ${b}');
});

test('nearestCodes prefers shared leading digits; parseCode is strict', () => {
  const near = nearestCodes(12000099, 3, { overlay: false });
  assert.equal(near.length, 3);
  assert.ok(near.every((c) => String(c).startsWith('120000')));
  assert.equal(parseCode(' 401 '), 401);
  assert.equal(parseCode('-1'), -1);
  assert.equal(parseCode('4o1'), undefined);
  assert.equal(parseCode('1e3'), undefined);
});

test('scanning from the library: a file (plain and gzip) and a string give the same rows', async () => {
  const { Scanner, scanText } = await import('../src/index.js');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const log = [
    '04-19 17:02:14.735  5394  5394 E A03200/KeyStore: generate failed, code: 12000011, message: The entity does not exist.',
    '04-19 17:02:14.736  5394  5394 I A03200/KeyStore: install ok, versionCode=12000011',
    '04-19 17:02:15.001  5394  5394 E A03200/KeyStore: generate failed, code: 12000011, message: The entity does not exist.',
  ].join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'ohos-errors-lib-'));
  writeFileSync(join(dir, 'a.log'), log);
  writeFileSync(join(dir, 'a.log.gz'), gzipSync(log));
  for (const f of ['a.log', 'a.log.gz']) {
    const s = new Scanner();
    await s.scanFile(join(dir, f));
    const rows = s.summary().rows.map((r) => [r.code, r.kit?.id, r.count, r.firstLine, r.lastLine]);
    assert.deepEqual(rows, [[12000011, 'universal-keystore-kit', 2, 1, 3]], f);
  }
  assert.deepEqual(scanText(log).rows.map((r) => [r.code, r.count]), [[12000011, 2]]);
});
