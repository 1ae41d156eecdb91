/** `scan` on the labelled log, hostile inputs, and as a CLI subprocess. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { Scanner, scanText, type Occurrence } from '../src/scan/scanner.js';
import { findCodes, parseLogLine } from '../src/scan/detect.js';
import { spawnSync } from 'node:child_process';
import { CLI, cli, FIXTURES, tempDir } from './helpers.js';

const LOG = join(FIXTURES, 'logs', 'labelled.log');
const labels = JSON.parse(readFileSync(join(FIXTURES, 'logs', 'labelled.labels.json'), 'utf8')) as Record<string, { kind: string; code: number | null }[]>;

async function scanFile(stream: Readable, opts = {}) {
  const found: Occurrence[] = [];
  const s = new Scanner({ ...opts, onOccurrence: (o) => found.push(o) });
  await s.scanStream(stream, 'x.log');
  return { found, summary: s.summary() };
}

test('labelled log: precision and recall ≥ 0.98', async () => {
  const { found } = await scanFile(createReadStream(LOG, { highWaterMark: 4096 }));
  const truth = new Set(Object.entries(labels).flatMap(([line, ls]) => ls.map((l) => `${line}|${l.kind}|${l.code}`)));
  const got = new Set(found.map((o) => `${o.line}|${o.kind}|${o.code}`));
  const tp = [...got].filter((k) => truth.has(k)).length;
  const precision = tp / got.size;
  const recall = tp / truth.size;
  const lines = readFileSync(LOG, 'utf8').split('\n').length - 1;
  console.log(`scan labelled set: ${lines} lines, ${truth.size} labelled reports; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
  const fp = [...got].filter((k) => !truth.has(k));
  const fn = [...truth].filter((k) => !got.has(k));
  assert.ok(lines >= 300);
  assert.ok(precision >= 0.98, `false positives: ${fp.join(', ')}`);
  assert.ok(recall >= 0.98, `missed: ${fn.join(', ')}`);
});

test('the same log in small chunks, as one string, and gzipped gives the same occurrences', async () => {
  const text = readFileSync(LOG, 'utf8');
  const a = (await scanFile(createReadStream(LOG, { highWaterMark: 4096 }))).found.map((o) => `${o.line}|${o.code}|${o.kind}`);
  const b = (await scanFile(createReadStream(LOG, { highWaterMark: 7 }))).found.map((o) => `${o.line}|${o.code}|${o.kind}`);
  const gz = (await scanFile(Readable.from([gzipSync(text)]))).found.map((o) => `${o.line}|${o.code}|${o.kind}`);
  const crlf = (await scanFile(Readable.from([Buffer.from(text.replace(/\n/g, '\r\n'))]))).found.map((o) => `${o.line}|${o.code}|${o.kind}`);
  const whole: string[] = [];
  const s = new Scanner({ onOccurrence: (o) => whole.push(`${o.line}|${o.code}|${o.kind}`) });
  s.scanText(text);
  assert.deepEqual(b, a);
  assert.deepEqual(gz, a);
  assert.deepEqual(crlf, a);
  assert.deepEqual(whole, a);
});

test("a row's last line: the greatest line of the latest input that reported it, whatever order occurrences are counted in", async () => {
  const dir = tempDir();
  const hl = (i: number, text: string) => `12-01 10:00:${String(i % 60).padStart(2, '0')}.000  ${100 + i}  ${200 + i} E A00${1000 + i}/Tag: ${text}`;
  // File a: the same report many times (the prefilter counts repeats itself), then a crash
  // with the same code and no stack, which stays open to the end of the input and is reported
  // then, after the later lines.
  const a: string[] = [];
  for (let i = 0; i < 400; i++) a.push(hl(i, i % 2 ? 'request failed, code: 12000011' : 'render frame done'));
  a.push('Error name: Error', 'Error message: The entity does not exist.', 'Error code: 12000011');
  for (let i = 0; i < 30; i++) a.push(hl(i, 'request failed, code: 12000011'));
  // File b: shorter; its last report comes before the line file a ended on.
  const b: string[] = [];
  for (let i = 0; i < 20; i++) b.push(hl(i, 'render frame done'), hl(i, 'request failed, code: 12000011'));
  writeFileSync(join(dir, 'a.log'), a.join('\n') + '\n');
  writeFileSync(join(dir, 'b.log'), b.join('\n') + '\n');
  const row = (s: { rows: { code: number | null; count: number; lastLine: number }[] }) => s.rows.find((r) => r.code === 12000011)!;
  const one = new Scanner();
  await one.scanFile(join(dir, 'a.log'));
  const ra = row(one.summary());
  assert.equal(ra.count, 200 + 1 + 30);
  assert.equal(ra.lastLine, a.length, 'the crash (line 401) is reported after line 433: it does not move the last line back');
  await one.scanFile(join(dir, 'b.log'));
  const rb = row(one.summary());
  assert.equal(rb.count, 231 + 20);
  assert.equal(rb.lastLine, b.length, "the second file's own last line, not the first file's greater one");
  // The reference: every line parsed, one string per file.
  const ref = new Scanner();
  ref.scanText(a.join('\n') + '\n', 'a.log');
  ref.scanText(b.join('\n') + '\n', 'b.log');
  assert.deepEqual({ count: row(ref.summary()).count, lastLine: row(ref.summary()).lastLine }, { count: rb.count, lastLine: rb.lastLine });
});

test('hilog fields are kept; crash blocks are one crash with name, message, code and top frame', async () => {
  const { found, summary } = await scanFile(createReadStream(LOG));
  const h = found.find((o) => o.level === 'E' && o.kind === 'code')!;
  assert.ok(h.time && h.pid && h.tid && h.domain && h.tag !== undefined);
  assert.equal(summary.crashes.length, 2);
  const [c1, c2] = summary.crashes;
  assert.equal(c1.crash?.name, 'Error');
  assert.match(c1.crash!.topFrame!, /^generateKey \(entry\/src\/main\/ets\/pages\/Index\.ets:42:13\)$/);
  assert.ok(c1.code !== null && c2.code !== null, 'the second crash gets its code from its message');
});

test('decoys: numbers that are not errors are ignored; unknown codes in error shapes are reported', () => {
  const decoys = ['versionCode=12000011', 'HTTP status code 401', 'exit code 201', 'pid=12000011 tid=12000011', 'took 401 ms', 'keyCode: 2017', 'barcode: 12000011', '0x12000011', 'size: 12000011 bytes', 'verification code 401 sent', 'code: 401ms'];
  for (const d of decoys) assert.deepEqual(findCodes(d), [], d);
  assert.deepEqual(findCodes('Code is 12000011, message is x').map((h) => h.code), [12000011]);
  assert.deepEqual(findCodes('errCode=401').map((h) => h.code), [401]);
  assert.deepEqual(findCodes('{"code":12000011,"message":"m"}').map((h) => h.code), [12000011]);
  assert.deepEqual(findCodes('错误码：1001502001').map((h) => h.code), [1001502001]);
  assert.deepEqual(findCodes('BusinessError: x (code 201)').map((h) => h.code), [201]);
  const s = scanText('error code: 98765432\n');
  assert.equal(s.rows[0].code, 98765432);
  assert.equal(s.rows[0].unknown, true);
  assert.equal(parseLogLine('04-19 17:02:14.735  5394  5394 E A03200/KeyStore: hi').level, 'E');
});

test('hostile input: invalid UTF-8, binary garbage, a 100 MB line with no newline — no crash, bounded memory', async () => {
  const garbage = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from('\ncode: 12000011 \xff\n'), Buffer.alloc(5000, 0x00), Buffer.from('\n')]);
  const g = await scanFile(Readable.from([garbage]));
  assert.deepEqual(g.found.map((o) => o.code), [12000011]);
  const before = process.memoryUsage().rss;
  let peak = before;
  const chunk = Buffer.alloc(1 << 20, 0x61);
  const huge = Readable.from(
    (function* () {
      for (let i = 0; i < 100; i++) {
        peak = Math.max(peak, process.memoryUsage().rss);
        yield chunk;
      }
      yield Buffer.from('\nerror code: 12000011\n');
    })(),
  );
  const r = await scanFile(huge);
  assert.equal(r.summary.lines, 2);
  assert.deepEqual(r.found.map((o) => [o.line, o.code]), [[2, 12000011]]);
  assert.ok(peak - before < 150 * 1024 * 1024, `rss grew by ${((peak - before) / 1e6).toFixed(0)} MB`);
});

test('CLI: ndjson lines, json document, markdown report, --level, --fail-on, stdin, gzip file', () => {
  const nd = cli(['scan', LOG, '--ndjson']);
  assert.equal(nd.status, 0, nd.stderr);
  const rows = nd.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(rows.length > 100);
  for (const r of rows) {
    assert.equal(typeof r.line, 'number');
    assert.ok(r.code === null || typeof r.code === 'number');
    assert.ok(r.kit === null || typeof r.kit.id === 'string');
    assert.ok(['code', 'message', 'crash'].includes(r.kind));
    assert.equal(typeof r.text, 'string');
  }
  const j = JSON.parse(cli(['scan', LOG, '--json']).stdout);
  assert.ok(j.rows.length > 10 && j.crashes.length === 2);
  const md = cli(['scan', LOG, '--format', 'md']);
  assert.match(md.stdout, /^## Errors in the log/m);
  assert.match(md.stdout, /\| Code \| Kit \|/);
  const human = cli(['scan', LOG, '--lang', 'zh']);
  assert.match(human.stdout, /如何处理/);
  const onlyE = JSON.parse(cli(['scan', LOG, '--level', 'E', '--json']).stdout);
  assert.ok(onlyE.occurrences < j.occurrences);
  assert.equal(cli(['scan', LOG, '--fail-on', 'any']).status, 1);
  assert.equal(cli(['scan', LOG, '--fail-on', '1']).status, 0);
  const code = j.rows[0].code;
  assert.equal(cli(['scan', LOG, '--fail-on', String(code)]).status, 1);
  const stdin = cli(['scan', '-', '--ndjson'], {}, '04-19 17:02:14.735  5394  5394 E A03200/KeyStore: generate failed, code: 12000011, message: The entity does not exist.\n');
  const o = JSON.parse(stdin.stdout);
  assert.deepEqual([o.line, o.code, o.kit.id, o.kind, o.level, o.domain, o.tag, o.pid], [1, 12000011, 'universal-keystore-kit', 'code', 'E', 'A03200', 'KeyStore', 5394]);
  // A path that is a pipe (process substitution, /dev/stdin) is read as a stream.
  const piped = spawnSync('bash', ['-c', `printf '04-19 17:02:14.735  5394  5394 E A03200/KeyStore: code: 401\\n' | "${process.execPath}" "${CLI}" scan /dev/stdin --ndjson`], { encoding: 'utf8' });
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal(JSON.parse(piped.stdout).code, 401);
  const dir = tempDir();
  const bad = join(dir, 'bad.gz');
  writeFileSync(bad, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x67, 0x61]));
  const badRun = cli(['scan', bad]);
  assert.equal(badRun.status, 2);
  assert.match(badRun.stderr, /bad\.gz: unexpected end of file/);
  assert.doesNotMatch(badRun.stderr, /\n\s+at /);
  const gz = join(dir, 'log.gz');
  writeFileSync(gz, gzipSync(readFileSync(LOG)));
  assert.equal(JSON.parse(cli(['scan', gz, '--json']).stdout).occurrences, j.occurrences);
  const missing = cli(['scan', join(dir, 'nope.log')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.log: cannot read/);
  assert.equal(cli(['scan', LOG, '--level', 'X']).status, 2);
  assert.equal(cli(['scan', LOG, '--fail-on', 'abc']).status, 2);
  assert.equal(cli(['scan', LOG, '--threads', '3']).status, 2);
  assert.deepEqual(JSON.parse(cli(['scan', LOG, '--json', '--threads', '1']).stdout), j);
});

test('CLI on a file over 64 MiB (read by worker threads): the counts of the lines written, one thread or two, text and JSON', () => {
  const dir = tempDir();
  const file = join(dir, 'big.log');
  const quiet = '04-19 17:02:14.735  1000  1001 I A03200/App: frame 1234 rendered in 16 ms, cache hit\n';
  const err = (c: number) => `04-19 17:02:14.735  5394  5394 E A03200/KeyStore: generate failed, code: ${c}\n`;
  // 1,000-line blocks (998 quiet lines, one 12000011 and one 12000012 or a zero), ~72 MB.
  const blocks = [Buffer.from(quiet.repeat(998) + err(12000011) + err(12000012)), Buffer.from(quiet.repeat(998) + err(12000011) + err(0))];
  const n = Math.ceil((72 << 20) / blocks[0].length);
  const parts: Buffer[] = [];
  for (let i = 0; i < n; i++) parts.push(blocks[i % 2]);
  writeFileSync(file, Buffer.concat(parts));
  for (const threads of ['1', '2']) {
    const r = cli(['scan', file, '--json', '--threads', threads]);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { lines: number; occurrences: number; rows: { code: number; count: number; lastLine: number; entry?: unknown }[] };
    assert.equal(j.lines, n * 1000);
    const count = (c: number) => j.rows.find((x) => x.code === c)?.count;
    assert.equal(count(12000011), n, `threads ${threads}`);
    assert.equal(count(12000012), Math.ceil(n / 2), `threads ${threads}`);
    assert.equal(j.occurrences, n + Math.ceil(n / 2));
    assert.equal(j.rows.find((x) => x.code === 12000011)?.lastLine, n * 1000 - 1);
    assert.ok(j.rows.every((x) => !('entry' in x)));
  }
  // The text report reads row entries (looked up in this thread after the workers).
  const t = cli(['scan', file, '--lang', 'en']);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /12000011/);
  assert.match(t.stdout, /12000012/);
});
