/** The five seed pages → registry, checked through the library API on a fresh build. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lookup } from '../src/lookup/lookup.js';
import { loadConfig } from '../src/build/config.js';
import { buildRegistry } from '../src/build/build.js';
import { writeRegistry } from '../src/registry/store.js';
import { validateRegistry } from '../src/registry/validate.js';
import type { Entry, Registry } from '../src/registry/types.js';
import { ROOT, SEEDS, sharedSkip, tempDir } from './helpers.js';

const skip = sharedSkip(SEEDS);
let reg: Registry;
let dataDir: string;
const find = (code: number, kit?: string): Entry[] => lookup(code, { dataDir, overlay: false, kit });

before(() => {
  if (skip) return;
  reg = buildRegistry({ config: loadConfig(join(ROOT, 'data', 'kits.yaml')), seedsDir: SEEDS });
  dataDir = tempDir();
  writeRegistry(reg, dataDir);
});

/** Independent count: the code that opens each section, straight from the raw page. */
function seedCodes(file: string): number[] {
  const text = readFileSync(join(SEEDS, file), 'utf8');
  if (text.trimStart().startsWith('<')) return [...text.matchAll(/<h2[^>]*>\s*(\d+)\s/g)].map((m) => Number(m[1]));
  const lines = text.split('\n');
  return lines.flatMap((l, i) => (/^\d{3,} \S/.test(l) && /^Supported devices/.test(lines[i + 1] ?? '') ? [Number(l.split(' ')[0])] : []));
}

test('seed build: no unexplained diagnostics, schema-valid', { skip }, () => {
  assert.deepEqual(reg.diagnostics.filter((d) => d.severity === 'error' && !d.explained), []);
  assert.deepEqual(validateRegistry(reg), []);
});

test('every code section of every seed is an entry with all its fields', { skip }, () => {
  const kits: Record<string, string> = {
    '000_1a9156b34304fba5.txt': 'health-service-kit',
    '001_66f644960adf0ec6.txt': 'health-service-kit',
    '002_edb600ecd16190f6.txt': 'core-vision-kit',
    '003_37432af164f4750b.txt': 'call-service-kit',
    '004_fb03390da658c005.txt': 'universal-keystore-kit',
  };
  const expected: Record<string, number> = { '000_1a9156b34304fba5.txt': 15, '001_66f644960adf0ec6.txt': 15, '002_edb600ecd16190f6.txt': 12, '003_37432af164f4750b.txt': 4, '004_fb03390da658c005.txt': 17 };
  for (const file of readdirSync(SEEDS).sort()) {
    const codes = seedCodes(file);
    if (expected[file] !== undefined) assert.equal(codes.length, expected[file], `${file}: section count`);
    const lang = file.startsWith('001') ? 'en' : 'zh';
    for (const code of codes) {
      const [e] = find(code, kits[file] ?? undefined);
      assert.ok(e, `${file}: ${code} missing`);
      assert.ok(e.sources.some((s) => s.file === `seeds/${file}`), `${code} lists ${file} as a source`);
      assert.ok(e.title[lang], `${code} title ${lang}`);
      assert.ok(e.messages.length, `${code} messages`);
      assert.ok(e.description?.[lang], `${code} description ${lang}`);
      assert.ok(e.causes?.[lang]?.length, `${code} causes ${lang}`);
      assert.ok(e.solutions?.[lang]?.length, `${code} solutions ${lang}`);
      assert.ok(e.devices?.length, `${code} devices`);
    }
  }
});

test('Health Service Kit entries carry zh and en, merged from the HTML and the text page', { skip }, () => {
  const e = find(1009104001, 'health-service-kit')[0];
  assert.equal(e.title.zh, '联动已开启');
  assert.equal(e.title.en, 'Linking Service Enabled');
  assert.deepEqual(e.messages, ['Sport service busy. Workout is already started by other application.']);
  assert.deepEqual(e.solutions?.zh, ['检查自身业务流程是否有重复开启联动操作。', '捕获异常处理其他应用开启联动场景。']);
  assert.deepEqual(e.solutions?.en, ['Check whether the linking service is repeatedly enabled in the service process.', 'Capture exception handling scenarios where the linking service is enabled for other applications.']);
  assert.deepEqual(e.devices, ['phone', 'tablet', 'wearable']);
  assert.deepEqual(e.sources.map((s) => s.lang).sort(), ['en', 'zh']);
  const last = find(14500101, 'health-service-kit')[0];
  assert.deepEqual(last.solutions?.en, ['Submit a ticket online. Huawei will get back to you as soon as possible.'], 'no footer text in the last section');
  const health = reg.entries.filter((x) => x.kit.id === 'health-service-kit');
  assert.equal(health.length, 15);
  assert.ok(health.every((x) => x.title.zh && x.title.en && x.description?.zh && x.description?.en));
});

test('the 9 Account Kit codes keep their constant names, in both languages', { skip }, () => {
  const account = reg.entries.filter((x) => x.kit.id === 'account-kit');
  assert.equal(account.length, 9);
  const e = find(1001502001)[0];
  assert.equal(e.kit.id, 'account-kit');
  assert.equal(e.name, 'ACCOUNT_NOT_LOGGED_IN');
  assert.equal(e.description?.zh, '华为账号未登录。');
  assert.equal(e.description?.en, 'The HUAWEI ID is not signed in.');
  assert.deepEqual(account.map((x) => x.name), [
    'PACKAGE_FINGERPRINT_CHECK_ERROR', 'DUPLICATE_REQUEST_REJECTED', 'ACCOUNT_NOT_LOGGED_IN', 'APP_NOT_AUTHORIZED', 'PARAMETER_INVALID',
    'NETWORK_ERROR', 'INTERNAL_ERROR', 'USER_CANCELED', 'SCOPE_OR_PERMISSION_NOT_REQUESTED',
  ]);
  assert.ok(account.every((x) => x.description?.zh && x.description?.en));
});

test('401 returns every kit page that defines it, each with its own text', { skip }, () => {
  const all = find(401);
  assert.deepEqual(all.map((e) => e.kit.id).sort(), ['core-vision-kit', 'health-service-kit']);
  const cv = find(401, 'core-vision-kit')[0];
  assert.match(cv.causes!.zh![0], /输入图片/);
  assert.deepEqual(find(401, 'Core Vision Kit').map((e) => e.kit.id), ['core-vision-kit'], 'kit filter accepts display names');
});

test('HUKS: alternative messages are separate messages; placeholders stay', { skip }, () => {
  const e = find(12000004)[0];
  assert.deepEqual(e.messages, ['Insufficient storage space.', 'Invalid file size.', 'Failed to ${messageInfo}.']);
  assert.deepEqual(find(12000014)[0].messages, ['Insufficient memory.', 'Malloc failed.']);
  assert.deepEqual(find(12000001)[0].messages, ['The ${messageInfo} is not supported.']);
  assert.deepEqual(find(12000001)[0].devices, ['phone', 'tablet', '2in1', 'tv', 'wearable', 'lite_wearable']);
  assert.deepEqual(find(12000018)[0].causes?.zh, ['必选参数没有传入。', '参数类型错误（Type Error）。', '空参数错误（Null Argument Error）。', '参数值范围错误（Value Range Error）。']);
});

test('Core Vision Kit: one message shared by four codes', { skip }, () => {
  const shared = reg.entries.filter((e) => e.messages.includes('Failed to run, please try again.'));
  assert.deepEqual(shared.map((e) => e.code).sort(), [1001400001, 1008400001, 1008800001, 1011000001]);
});
