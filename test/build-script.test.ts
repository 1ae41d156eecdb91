/** `npm run build:data` as a user runs it: bad input fails clearly and writes nothing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT, tempDir } from './helpers.js';

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
function build(args: string[]) {
  const r = spawnSync(TSX, [join(ROOT, 'scripts', 'build-data.ts'), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function fixtureConfig(dir: string, extra = ''): string {
  const p = join(dir, 'kits.yaml');
  writeFileSync(
    p,
    `kits:\n  demo-kit: { zh: 演示服务, en: Demo Kit }\n  demo-account-kit: { zh: 演示账号服务, en: Demo Account Kit }\nseeds:\n  demo-kit.html: { kit: demo-kit, page: demo-errors, lang: zh }\n  demo-kit.txt: { kit: demo-kit, page: demo-errors, lang: en }\n${extra}`,
  );
  return p;
}

test('builds a registry from a seeds folder, deterministically, merging zh HTML and en text', () => {
  const seeds = tempDir();
  for (const f of ['demo-kit.html', 'demo-kit.txt']) copyFileSync(join(FIXTURES, f), join(seeds, f));
  const cfg = fixtureConfig(tempDir());
  const out1 = tempDir();
  const out2 = tempDir();
  const a = build(['--seeds', seeds, '--config', cfg, '--out', out1, '--notice', join(out1, 'NOTICE')]);
  assert.equal(a.status, 0, a.stderr);
  assert.match(a.stdout, /4 entries, 2 kits/);
  build(['--seeds', seeds, '--config', cfg, '--out', out2, '--notice', join(out2, 'NOTICE')]);
  assert.equal(readFileSync(join(out1, 'registry.json'), 'utf8'), readFileSync(join(out2, 'registry.json'), 'utf8'));
  assert.deepEqual(readdirSync(join(out1, 'codes')), readdirSync(join(out2, 'codes')));
  const reg = JSON.parse(readFileSync(join(out1, 'registry.json'), 'utf8'));
  const e = reg.entries.find((x: { code: number }) => x.code === 1990000001);
  assert.equal(e.title.zh, '演示失败');
  assert.equal(e.title.en, 'Demo Failure');
  const acct = reg.entries.find((x: { code: number }) => x.code === 1990500001);
  assert.equal(acct.kit.id, 'demo-account-kit', 'table rows go to the kit their lead-in names');
  assert.equal(acct.description.en, 'The demo ID is not signed in.');
});

test('an unexplained reader diagnostic fails the build, names file and section, writes nothing', () => {
  const seeds = tempDir();
  writeFileSync(join(seeds, 'demo-kit.html'), readFileSync(join(FIXTURES, 'demo-kit.html'), 'utf8').replace('<p><strong>错误信息</strong></p>\n <p>The ${messageInfo} is not supported.</p>', ''));
  const cfg = fixtureConfig(tempDir());
  const out = tempDir();
  const r = build(['--seeds', seeds, '--config', cfg, '--out', out, '--notice', join(out, 'NOTICE')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /seeds\/demo-kit\.html:\d+ \[1990000001 演示失败\]: no-message/);
  assert.match(r.stderr, /Nothing was written/);
  assert.deepEqual(readdirSync(out), []);
  // Explaining it in the reviewed data file lets the build through.
  const ok = build(['--seeds', seeds, '--config', fixtureConfig(tempDir(), 'explained:\n  - { kind: no-message, file: demo-kit.html, why: test }\n'), '--out', out, '--notice', join(out, 'NOTICE')]);
  assert.equal(ok.status, 0, ok.stderr);
});

test('an unmapped seed, a missing folder and a broken data file are clear errors', () => {
  const seeds = tempDir();
  copyFileSync(join(FIXTURES, 'demo-kit.html'), join(seeds, 'unknown.html'));
  const out = tempDir();
  const r = build(['--seeds', seeds, '--config', fixtureConfig(tempDir()), '--out', out]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /seeds\/unknown\.html: seed-unmapped/);
  const missing = build(['--seeds', join(seeds, 'nope'), '--config', fixtureConfig(tempDir()), '--out', out]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no such folder/);
  const bad = join(tempDir(), 'kits.yaml');
  mkdirSync(join(bad, '..'), { recursive: true });
  writeFileSync(bad, 'kits: [1, 2\n');
  const b = build(['--seeds', seeds, '--config', bad, '--out', out]);
  assert.equal(b.status, 2);
  assert.match(b.stderr, /kits\.yaml/);
  assert.doesNotMatch(b.stderr, /\n\s+at /);
  assert.ok(!existsSync(join(out, 'registry.json')));
});
