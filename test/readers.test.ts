import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPage, readHtml, readMarkdown, readText, detectFormat } from '../src/readers/index.js';
import { parseCodeHeading } from '../src/readers/sections.js';
import { FIXTURES } from './helpers.js';

const fixture = (f: string) => readFileSync(join(FIXTURES, f), 'utf8');
const byCode = <T extends { code: number }>(rs: T[], c: number) => rs.find((r) => r.code === c)!;

test('html reader: sections, labels, devices, numbered paragraphs, lists, links', () => {
  const r = readHtml(fixture('demo-kit.html'), { file: 'demo-kit.html' });
  assert.equal(r.lang, 'zh');
  assert.equal(r.title, 'ArkTS API错误码');
  assert.deepEqual(r.diagnostics, []);
  const a = byCode(r.records, 1990000001);
  assert.equal(a.title, '演示失败');
  assert.deepEqual(a.messages, ['The ${messageInfo} is not supported.']);
  assert.equal(a.description, '不支持${messageInfo}中给出的特性。');
  assert.deepEqual(a.causes, ['参数<script>错误。', '服务未启动。']);
  assert.deepEqual(a.solutions, ['检查[参数说明](https://example.com/guide)。', '重试。']);
  assert.deepEqual(a.devices, ['phone', 'tablet', '2in1']);
});

test('html reader: "one of the following" lists become separate messages; device list without attribute', () => {
  const r = readHtml(fixture('demo-kit.html'), { file: 'demo-kit.html' });
  const b = byCode(r.records, 1990000002);
  assert.deepEqual(b.messages, ['Insufficient storage space.', 'Failed to ${messageInfo}.']);
  assert.deepEqual(b.devices, ['phone', 'lite_wearable']);
});

test('html reader: name/value/description table rows keep names and the lead-in sentence', () => {
  const r = readHtml(fixture('demo-kit.html'), { file: 'demo-kit.html' });
  const t = byCode(r.records, 1990500001);
  assert.equal(t.origin, 'table');
  assert.equal(t.name, 'DEMO_NOT_SIGNED_IN');
  assert.equal(t.description, '演示账号未登录。');
  assert.match(t.context!.text, /演示账号服务/);
  assert.equal(byCode(r.records, 1990500002).name, 'DEMO_USER_CANCELED');
});

test('text reader: skips navigation and overview, rebuilds sections, glued devices, flattened table, footer', () => {
  const r = readText(fixture('demo-kit.txt'), { file: 'demo-kit.txt' });
  assert.equal(r.lang, 'en');
  assert.equal(r.title, 'ArkTS API Error Codes');
  assert.ok(r.kitHints.includes('Application Services Demo Service Kit'));
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.records.map((x) => x.code).sort(), [1990000001, 1990000002, 1990500001, 1990500002]);
  const a = byCode(r.records, 1990000001);
  assert.equal(a.title, 'Demo Failure');
  assert.deepEqual(a.devices, ['phone', 'tablet', '2in1']);
  assert.deepEqual(a.causes, ['Incorrect parameter.', 'Service not started.']);
  assert.deepEqual(a.solutions, ['Check the parameter description.', 'Try again.']);
  const b = byCode(r.records, 1990000002);
  assert.deepEqual(b.solutions, ['Clear the disk.'], 'footer navigation must not leak into the last section');
  assert.equal(byCode(r.records, 1990500002).name, 'DEMO_USER_CANCELED');
  assert.equal(byCode(r.records, 1990500002).description, 'The user cancels authorization.');
});

test('markdown reader: placeholder in backticks, fenced code inside its item, relative links, Del markers', () => {
  const r = readMarkdown(fixture('errorcode-demo.md'), { file: 'errorcode-demo.md', resolveLink: (u) => (u.startsWith('http') ? u : `https://docs.example/${u}`) });
  assert.equal(r.title, '演示错误码');
  assert.deepEqual(r.kitHints, ['Demo Kit']);
  assert.deepEqual(r.diagnostics, []);
  const a = byCode(r.records, 1990000001);
  assert.deepEqual(a.messages, ['The ${messageInfo} is not supported.']);
  assert.equal(a.description, '不支持${messageInfo}中给出的特性。');
  assert.equal(a.solutions!.length, 3);
  assert.equal(a.solutions![0], '按如下代码检查参数：\n```ts\nlet a: number = 1;\n```');
  assert.equal(a.solutions![1], '参考[参数说明](https://docs.example/arkts-apis-demo.md#params)。');
  assert.equal(a.solutions![2], '系统应用可调用`reset()`。');
});

test('markdown reader: inline label with colon, sub-heading labels, variants, code table', () => {
  const r = readMarkdown(fixture('errorcode-demo.md'), { file: 'errorcode-demo.md' });
  const b = byCode(r.records, 1990000002);
  assert.deepEqual(b.messages, ['Demo busy.']);
  assert.deepEqual(b.causes, ['Sub-heading label.']);
  assert.deepEqual(b.solutions, ['等待。']);
  const c = byCode(r.records, 1990000003);
  assert.deepEqual(c.messages, ['Operation failed.', 'Flight mode is enabled.']);
  assert.equal(c.variants!.length, 2);
  assert.equal(c.variants![1].title, '飞行模式已开启');
  assert.deepEqual(c.variants![1].solutions, ['关闭飞行模式。']);
  const d = byCode(r.records, 1990000004);
  assert.deepEqual(d.messages, ['IPC error']);
  assert.deepEqual(d.causes, ['服务崩溃。', '重启失败。']);
  assert.deepEqual(d.solutions, ['重启设备。', '查看日志。']);
});

test('markdown reader: a section without labels or message is reported with file and section', () => {
  const md = '# T\n\n## 1990000009 无标签\n\n只有一段文字。\n\n## 1990000010 空信息\n\n**错误信息**\n\n**处理步骤**\n\n重试。\n';
  const r = readMarkdown(md, { file: 'x.md' });
  const kinds = r.diagnostics.map((d) => `${d.kind}@${d.section}`);
  assert.deepEqual(kinds, ['no-labels@1990000009 无标签', 'no-message@1990000010 空信息']);
  assert.ok(r.diagnostics.every((d) => d.file === 'x.md' && d.line));
  assert.equal(byCode(r.records, 1990000009).description, '只有一段文字。');
});

test('format detection', () => {
  assert.equal(detectFormat(fixture('demo-kit.html')), 'html');
  assert.equal(detectFormat(fixture('demo-kit.txt')), 'text');
  assert.equal(detectFormat(fixture('errorcode-demo.md')), 'markdown');
  assert.equal(readPage(fixture('errorcode-demo.md'), { file: 'a' }).format, 'markdown');
});

test('code headings: any number is a code, titles optional', () => {
  assert.deepEqual(parseCodeHeading('12000011 目标对象不存在'), { code: 12000011, title: '目标对象不存在' });
  assert.deepEqual(parseCodeHeading('3100101'), { code: 3100101, title: undefined });
  assert.deepEqual(parseCodeHeading('-1 时间时区服务异常'), { code: -1, title: '时间时区服务异常' });
  assert.deepEqual(parseCodeHeading(' 14800000  内部错误 '), { code: 14800000, title: '内部错误' });
  assert.equal(parseCodeHeading('1. 概述'), undefined);
  assert.deepEqual(parseCodeHeading('3 连接失败'), { code: 3, title: '连接失败' }, 'short codes are codes');
  assert.equal(parseCodeHeading('1234567890123456 x'), undefined, 'over 15 digits is not a code');
  assert.equal(parseCodeHeading('错误码列表'), undefined);
});
