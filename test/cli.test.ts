/** The CLI as a user runs it: a subprocess of the built bin, on the committed registry. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, FIXTURES, tempDir } from './helpers.js';

const noStack = (s: string) => assert.doesNotMatch(s, /\n\s+at .+:\d+:\d+/, 'no stack trace');

test('lookup prints every entry for a code, in the locale language', () => {
  const r = cli(['12000011'], { LANG: 'zh_CN.UTF-8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /12000011/);
  assert.match(r.stdout, /通用密钥库服务/);
  assert.match(r.stdout, /The entity does not exist\./);
  assert.match(r.stdout, /处理步骤/);
  assert.match(r.stdout, /检查密钥别名是否拼写错误/);
  const en = cli(['12000011'], { LANG: 'en_US.UTF-8' });
  assert.match(en.stdout, /Check whether the key alias is correctly spelled\./);
  assert.match(en.stdout, /Solution/);
});

test('--lang overrides the locale; a missing language falls back with a marker', () => {
  const r = cli(['1007200001', '--lang', 'en'], { LANG: 'zh_CN.UTF-8' });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /Error message/);
  assert.match(r.stdout, /\[中文\]/, 'Call Service Kit is documented in Chinese only: marked fallback');
  assert.match(r.stdout, /参数无效/);
});

test('--json prints the entries; --kit filters (id or name)', () => {
  const r = cli(['401', '--json']);
  assert.equal(r.status, 0);
  const all = JSON.parse(r.stdout) as { kit: { id: string }; code: number }[];
  assert.ok(all.length >= 3);
  assert.ok(all.every((e) => e.code === 401));
  assert.ok(all.some((e) => e.kit.id === 'universal'));
  const one = JSON.parse(cli(['401', '--json', '--kit', 'Core Vision Kit']).stdout) as { kit: { id: string } }[];
  assert.deepEqual(one.map((e) => e.kit.id), ['core-vision-kit']);
});

test('not found: exit 1 with the nearest existing codes', () => {
  const r = cli(['12000099']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /No entry for error code 12000099/);
  assert.match(r.stderr, /Nearest codes:\n\s+120000\d\d/);
  const j = cli(['12000099', '--json']);
  assert.equal(j.status, 1);
  assert.deepEqual(JSON.parse(j.stdout), []);
});

test('usage errors: exit 2, one line, no stack trace', () => {
  for (const args of [['12x'], ['--bogus'], ['401', '--lang', 'fr'], ['import'], ['import', '/nonexistent/page.html'], ['import', join(FIXTURES, 'logs')], ['serve', '--port', 'abc'], ['scan', FIXTURES], ['kitz'], ['search', 'x', '--limit', '0']]) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.trim().length > 0 && r.stderr.trim().split('\n').length <= 2, `${args.join(' ')}: ${r.stderr}`);
    noStack(r.stderr);
  }
  assert.equal(cli([]).status, 2);
});

test('--help has examples and exits 0', () => {
  const r = cli(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /Examples:/);
  assert.match(r.stdout, /ohos-errors 12000011/);
});

test('colour: never when piped or with NO_COLOR', () => {
  assert.doesNotMatch(cli(['12000011']).stdout, /\x1b\[/);
  assert.doesNotMatch(cli(['12000011'], { NO_COLOR: '1' }).stdout, /\x1b\[/);
});

test('kits lists kits with entry counts; --json', () => {
  const r = cli(['kits']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /universal-keystore-kit\s+\d+\s+Universal Keystore Kit/);
  const kits = JSON.parse(cli(['kits', '--json']).stdout) as { id: string; entries: number }[];
  assert.ok(kits.length >= 5);
  assert.ok(kits.find((k) => k.id === 'account-kit')!.entries === 9);
});

test('stats reports coverage; --json', () => {
  const r = cli(['stats']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /entries: \d+/);
  const s = JSON.parse(cli(['stats', '--json']).stdout);
  for (const k of ['kits', 'pages', 'entries', 'withZh', 'withEn', 'withBoth', 'missingMessage', 'missingCause', 'missingSolution', 'conflicts']) assert.equal(typeof s[k], 'number', k);
  assert.equal(typeof s.pairing.ratio, 'number');
  assert.equal(s.diagnostics.errors, 0);
});

test('import shows what a saved page holds; --save makes lookups include it', () => {
  const home = tempDir();
  const page = join(FIXTURES, 'demo-kit.html');
  const dry = cli(['import', page, '--kit', 'Demo Kit'], { OHOS_ERRORS_HOME: home });
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /1990000001/);
  assert.match(dry.stdout, /4 entries/);
  assert.equal(cli(['1990000001'], { OHOS_ERRORS_HOME: home }).status, 1, 'nothing saved without --save');
  const saved = cli(['import', page, '--kit', 'Demo Kit', '--save'], { OHOS_ERRORS_HOME: home });
  assert.equal(saved.status, 0, saved.stderr);
  assert.ok(existsSync(join(home, 'overlay.json')));
  const r = cli(['1990000001', '--json'], { OHOS_ERRORS_HOME: home });
  assert.equal(r.status, 0);
  const [e] = JSON.parse(r.stdout);
  assert.equal(e.kit.id, 'demo-kit');
  assert.equal(e.title.zh, '演示失败');
  assert.deepEqual(e.devices, ['phone', 'tablet', '2in1']);
  const kits = JSON.parse(cli(['kits', '--json'], { OHOS_ERRORS_HOME: home }).stdout) as { id: string }[];
  assert.ok(kits.some((k) => k.id === 'demo-kit'));
  // Importing again replaces, never duplicates.
  cli(['import', page, '--kit', 'Demo Kit', '--save'], { OHOS_ERRORS_HOME: home });
  assert.equal(JSON.parse(cli(['1990000001', '--json'], { OHOS_ERRORS_HOME: home }).stdout).length, 1);
});

test('import reads Markdown and text pages; the kit comes from the page when it names one', () => {
  const home = tempDir();
  const md = cli(['import', join(FIXTURES, 'errorcode-demo.md'), '--kit', 'demo-kit', '--json'], { OHOS_ERRORS_HOME: home });
  assert.equal(md.status, 0, md.stderr);
  assert.equal(JSON.parse(md.stdout).entries.length, 4);
  const dir = tempDir();
  const txt = join(dir, 'keystore.txt');
  writeFileSync(txt, readFileSync(join(FIXTURES, 'demo-kit.txt'), 'utf8').replace('Demo Service Kit', 'Universal Keystore Kit'));
  const r = cli(['import', txt, '--json'], { OHOS_ERRORS_HOME: home });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).entries[0].kit.id, 'universal-keystore-kit');
});

test('import: a page that is not an error-code page exits 1 with its diagnostic; no kit → exit 2', () => {
  const dir = tempDir();
  const f = join(dir, 'notes.txt');
  writeFileSync(f, 'Just some notes\nwith no codes.\n');
  const r = cli(['import', f, '--kit', 'x']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /notes\.txt.*no `CODE Title` section/);
  const nokit = cli(['import', join(FIXTURES, 'demo-kit.html')]);
  assert.equal(nokit.status, 2);
  assert.match(nokit.stderr, /pass --kit/);
  noStack(nokit.stderr);
});

test('import derives the kit from the page header, its title or its folder, and says which; --kit overrides', () => {
  const dir = tempDir();
  const body = '\n## 1990000001 演示失败\n\n**错误信息**\n\nDemo failed.\n\n**处理步骤**\n\n重试。\n';
  const write = (rel: string, text: string) => {
    const f = join(dir, rel);
    mkdirSync(join(f, '..'), { recursive: true });
    writeFileSync(f, text);
    return f;
  };
  const header = cli(['import', write('a/header.md', '# 某页\n\n<!--Kit: Universal Keystore Kit-->\n<!--Subsystem: Security-->\n' + body), '--json']);
  assert.equal(header.status, 0, header.stderr);
  const h = JSON.parse(header.stdout);
  assert.equal(h.kit.id, 'universal-keystore-kit');
  assert.match(h.kitFrom, /page header/);
  const title = cli(['import', write('b/title.md', '# HUKS错误码\n' + body)]);
  assert.equal(title.status, 0, title.stderr);
  assert.match(title.stdout, /kit universal-keystore-kit \(from page title "HUKS错误码"/);
  const folder = cli(['import', write('apis-contacts-kit/page.md', body)]);
  assert.equal(folder.status, 0, folder.stderr);
  assert.match(folder.stdout, /kit contacts-kit \(from folder "apis-contacts-kit"\)/);
  const given = cli(['import', write('apis-contacts-kit/page2.md', body), '--kit', 'Core Vision Kit']);
  assert.match(given.stdout, /kit core-vision-kit \(from --kit\)/);
  const none = cli(['import', write('c/none.md', body)]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no kit found in the page header, its title or its folder; pass --kit/);
  noStack(none.stderr);
});

test('a corrupt overlay is a clear error, not a crash', () => {
  const home = tempDir();
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'overlay.json'), '{not json');
  const r = cli(['12000011'], { OHOS_ERRORS_HOME: home });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /overlay\.json: not a valid overlay file/);
  noStack(r.stderr);
});
