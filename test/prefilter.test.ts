/**
 * The WebAssembly prefilter and its verdict cache never change what `scan` reports: random logs
 * scanned as streams (prefilter, cache, random chunk sizes) give exactly the occurrences of the
 * reference path (`scanText`: every line through the parser). And a large file scanned in two
 * threads gives the same summary as in one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { Scanner, type Occurrence, type ScanSummary } from '../src/scan/scanner.js';
import { Prefilter } from '../src/scan/prefilter.js';
import { maskNumbers } from '../src/scan/mask.js';
import { LogGenerator } from '../bench/loggen.js';
import { LogGenerator2 } from '../bench/loggen2.js';
import { readRegistry } from '../src/registry/store.js';
import { tempDir } from './helpers.js';

const reg = readRegistry();
const withMessage = reg.entries.filter((e) => e.messages.length && !e.messages[0].includes('\n'));
const messages = withMessage.filter((_, i) => i % 17 === 0).map((e) => e.messages[0].replace(/\$\{[^}]+\}/g, 'key size'));
const codes = [...new Set(reg.entries.map((e) => e.code))].filter((_, i) => i % 23 === 0);

const blank = fc.constantFrom(' ', '  ', '\t', ' \t ');
const digits = (a: number, b: number) => fc.integer({ min: a, max: b }).map(String);
const time = fc.tuple(digits(10, 12), digits(10, 28), digits(10, 23), digits(10, 59), digits(10, 59), digits(0, 99999)).map(([mo, d, h, mi, s, f]) => `${mo}-${d} ${h}:${mi}:${s}.${f}`);
const level = fc.constantFrom('D', 'I', 'W', 'E', 'F', 'X');
const domain = fc.tuple(fc.constantFrom('A', 'C', 'B'), fc.constantFrom('0320', '03200', '0FF00', 'C01C10', '12', 'zz00')).map(([a, b]) => a + b);
const tag = fc.constantFrom('KeyStore', 'App', '', 'Net:work', '标签', 'My Tag', 'a\u00a0b');
const hilogPrefix = fc.tuple(time, blank, digits(1, 99999), blank, digits(1, 99999), blank, level, blank, domain, tag, fc.constantFrom(': ', ':', ' ')).map(([t, b1, p, b2, tid, b3, l, b4, d, tg, c]) => `${t}${b1}${p}${b2}${tid}${b3}${l}${b4}${d}/${tg}${c}`);
const devecoPrefix = fc.tuple(time, blank, digits(1, 99999), digits(1, 99999), blank, domain, tag, blank, fc.constantFrom('com.example.demo', 'bündle'), blank, level, blank).map(([t, b1, p, tid, b2, d, tg, b3, bundle, b4, l, b5]) => `${t}${b1}${p}-${tid}${b2}${d}/${tg}${b3}${bundle}${b4}${l}${b5}`);
const prefix = fc.oneof(hilogPrefix, devecoPrefix, fc.constantFrom('', '[app] ', 'I/Tag: ', '04-19 17:02:14 1 1 E A03200/x: ', '  '));
const code = fc.oneof(fc.constantFrom(...codes), fc.integer({ min: -5, max: 99999999 }));
const fragment = fc.oneof(
  code.map((c) => `code: ${c}`),
  code.map((c) => `Code is ${c}`),
  code.map((c) => `errCode=${c}`),
  code.map((c) => `{"code":${c},"message":"x"}`),
  code.map((c) => `error code:${c}`),
  code.map((c) => `错误码：${c}`),
  code.map((c) => `ERRNO ${c}`),
  code.map((c) => `(code\u00a0${c})`),
  code.map((c) => `versionCode=${c}`),
  code.map((c) => `took ${c} ms`),
  // What the coarse keys must keep apart: words before "code" (and which of them), units after it.
  fc.tuple(fc.constantFrom('HTTP status', 'exit', 'app version', 'getInfo callback', 'a_b', 'x-', 'err', 'my err', 'Business Error', 'version  ', 'key-', 'sms_'), code).map(([w, c]) => `${w} code ${c}`),
  fc.tuple(code, fc.constantFrom('ms', ' s', '.5', '%', ' bytes', 'kb', 'x', ' sec', 'msg')).map(([c, u]) => `code: ${c}${u}`),
  code.map((c) => `pid=${c}`),
  fc.constantFrom(...messages),
  fc.constantFrom('failed', 'Error:', 'an exception', 'ok', 'done', ' at ', 'E ', ' W ', '\u2028', '\r', 'codec', 'Code', '错误', 'x'),
  fc.string({ maxLength: 12 }),
);
const crashLine = fc.oneof(
  fc.constantFrom('Device info:HUAWEI Mate 60', 'Build info:ALN-AL00 5.0.0.100', 'Module name:com.example', 'Process name:com.example', 'Reason:Error', 'Reason:TypeError', 'Error name:Error', 'Stacktrace:', 'HiLog:', 'HybridStack:', '', '   '),
  fc.constantFrom(...messages).map((m) => `Error message:${m}`),
  code.map((c) => `Error code:${c}`),
  fc.constantFrom('    at generateKey (entry/src/main/ets/pages/Index.ets:42:13)', '\tat f (a.js:1:1)', 'at x', '  at'),
);
const body = fc.array(fragment, { minLength: 0, maxLength: 4 }).map((fs) => fs.join(' '));
const logLine = fc.oneof({ weight: 5, arbitrary: fc.tuple(prefix, body).map(([p, b]) => p + b) }, { weight: 2, arbitrary: crashLine });

/** A log: random lines, some bodies repeated under new prefixes (what the cache sees in real logs). */
const log = fc
  .tuple(fc.array(logLine, { minLength: 1, maxLength: 40 }), fc.array(fc.tuple(fc.nat(), prefix), { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([lines, repeats, eol, lastEol]) => {
    const all = [...lines];
    for (const [i, p] of repeats) {
      const src = lines[i % lines.length];
      all.splice(i % (all.length + 1), 0, p + src.replace(/^.*?(?:[A-Z][0-9A-Fa-f]{2,6}\/[^:]*:\s?|$)/, ''));
      all.push(src);
    }
    return all.join(eol) + (lastEol ? eol : '');
  });

const key = (o: Occurrence) => `${o.line}|${o.kind}|${o.code}|${o.kit?.id ?? ''}|${o.kits?.join(',') ?? ''}|${o.unknown ?? ''}|${o.crash?.topFrame ?? ''}|${o.level ?? ''}|${o.tag ?? ''}`;

function reference(text: string): string[] {
  const out: string[] = [];
  new Scanner({ onOccurrence: (o) => out.push(key(o)) }).scanText(text);
  return out;
}

async function streamed(bytes: Buffer, sizes: number[], scanner?: Scanner): Promise<string[]> {
  const out: string[] = [];
  const s = scanner ?? new Scanner({ onOccurrence: (o) => out.push(key(o)) });
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes.length ? sizes[i % sizes.length] : bytes.length);
    chunks.push(bytes.subarray(at, at + n));
    at += n;
  }
  await s.scanStream(Readable.from(chunks));
  return out;
}

test('prefilter + verdict cache report exactly what the reference parser reports (property)', async () => {
  await fc.assert(
    fc.asyncProperty(log, fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 5 }), async (text, sizes) => {
      const want = reference(text);
      const bytes = Buffer.from(text, 'utf8');
      assert.deepEqual(await streamed(bytes, sizes), want);
      // The same scanner twice: the second pass runs on a warm cache.
      const out: string[] = [];
      const s = new Scanner({ onOccurrence: (o) => out.push(key(o)) });
      await streamed(bytes, sizes, s);
      out.length = 0;
      await streamed(bytes, [], s);
      assert.deepEqual(out, want);
      // Without onOccurrence, repeats are counted from the cache alone (recipes, shapes): the summary is the reference's.
      const quiet = new Scanner();
      await streamed(bytes, sizes, quiet);
      assert.deepEqual(summaryKey(quiet.summary()), referenceSummary(text));
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
  );
});

test('a line the prefilter must pass is found at any offset in a 4 MiB chunk and across chunk edges', async () => {
  const filler = '04-19 17:02:14.735  5394  5394 I A03200/Noise: nothing to see here, move along\n';
  const hit = '04-19 17:02:14.735  5394  5394 I A03200/KeyStore: generate failed, code: 12000011\n';
  const n = Math.ceil((5 << 20) / filler.length);
  for (const at of [0, 1, Math.floor(n / 2), n - 1]) {
    const lines = Array.from({ length: n }, (_, i) => (i === at ? hit : filler));
    const found: Occurrence[] = [];
    const s = new Scanner({ onOccurrence: (o) => found.push(o) });
    await s.scanStream(Readable.from([Buffer.from(lines.join(''))]));
    assert.deepEqual(found.map((o) => [o.line, o.code]), [[at + 1, 12000011]]);
    assert.equal(s.summary().lines, n);
  }
});

function referenceSummary(text: string, opts: { maxRows?: number } = {}) {
  const s = new Scanner(opts);
  s.scanText(text);
  return summaryKey(s.summary());
}

function summaryKey(s: ScanSummary) {
  return {
    lines: s.lines,
    bytes: s.bytes,
    occurrences: s.occurrences,
    rows: s.rows.map((r) => [r.code, r.kit?.id, r.count, r.firstLine, r.lastLine, r.sample, r.kinds.join(','), r.entry?.page.id, r.firstFile]),
    crashes: s.crashes.map((c) => [c.line, c.code, c.kit?.id, c.crash?.name, c.crash?.message, c.crash?.topFrame]),
    folded: s.folded,
  };
}

test('a large file scanned by worker threads (one, or two parts at once) gives the summary of this thread, crash blocks across the cut included', async () => {
  const dir = tempDir();
  const file = join(dir, 'big.log');
  const crash = ['Device info:HUAWEI Mate 60', 'Process name:com.example.demo', 'Reason:Error', 'Error name:Error', 'Error message:The entity does not exist.', 'Error code:12000011', 'Stacktrace:', '    at generateKey (entry/src/main/ets/pages/Index.ets:42:13)', 'HiLog:'];
  const lines: string[] = [];
  for (let i = 0; lines.length < 1_100_000; i++) {
    lines.push(`04-19 17:02:14.${String(i % 1000).padStart(3, '0')}  ${1000 + (i % 7)}  ${2000 + (i % 5)} ${'DIIWE'[i % 5]} A03200/T${i % 3}: step ${i % 11} done`);
    if (i % 997 === 0) lines.push(`04-19 17:02:14.735  5394  5394 E A03200/KeyStore: generate failed, code: ${[12000011, 401, 201, 98765432][i % 4]}`);
    if (i % 1499 === 0) lines.push(`04-19 17:02:14.735  5394  5394 W A03200/KeyStore: operation failed: The entity does not exist.`);
    if (i % 50_000 === 7) lines.push(...crash);
  }
  // Crash blocks (with long stack traces) at 30 % and 50 % of the lines; the cuts go inside them.
  const longCrash = [...crash.slice(0, -1), ...Array.from({ length: 300 }, (_, i) => `    at frame${i} (entry/src/main/ets/pages/Index.ets:${i}:1)`), 'HiLog:'];
  const at = [Math.floor(lines.length * 0.3), Math.floor(lines.length * 0.5)];
  lines.splice(at[1], 0, ...longCrash);
  lines.splice(at[0], 0, ...longCrash);
  // A crash last: its code's last occurrence is the crash, after the code's last log line.
  lines.push(...crash);
  const text = lines.join('\n') + '\n';
  writeFileSync(file, text);
  const size = Buffer.byteLength(text);
  // Byte offsets of the middle of each long block.
  const offsetOfLine = (n: number) => Buffer.byteLength(lines.slice(0, n).join('\n')) + 1;
  const cuts = [offsetOfLine(at[0] + 150) / size, offsetOfLine(at[1] + longCrash.length + 150) / size, 0.5];
  // The reference: this thread reads the whole file.
  const one = new Scanner({ threads: 1, parallelMin: Number.MAX_SAFE_INTEGER });
  await one.scanFile(file);
  // One worker reads it all; two workers read a part each.
  const worker = new Scanner({ threads: 1, parallelMin: 1 });
  await worker.scanFile(file);
  assert.deepEqual(summaryKey(worker.summary()), summaryKey(one.summary()));
  for (const cut of cuts) {
    const two = new Scanner({ threads: 2, parallelMin: 1, splitAt: cut });
    await two.scanFile(file);
    assert.deepEqual(summaryKey(two.summary()), summaryKey(one.summary()));
  }
  assert.ok(one.summary().crashes.length >= 20);
  // A generated log (every report shape, crash blocks, fresh numbers), cut at several points.
  const gen = new LogGenerator(reg.entries, { seed: 21, weShare: 0.25, errorShare: 0.05 });
  const realistic = join(dir, 'realistic.log');
  writeFileSync(realistic, [...gen.chunks(6_000_000, 200_000)].join(''));
  const ref = new Scanner({ threads: 1, parallelMin: Number.MAX_SAFE_INTEGER });
  await ref.scanFile(realistic);
  assert.ok(ref.summary().crashes.length > 0 && ref.summary().rows.length > 100);
  for (const [threads, splitAt] of [[1, undefined], [2, 0.3], [2, 0.5], [2, 0.77]] as const) {
    const s = new Scanner({ threads, parallelMin: 1, splitAt });
    await s.scanFile(realistic);
    assert.deepEqual(summaryKey(s.summary()), summaryKey(ref.summary()), `${threads} threads, cut at ${splitAt}`);
  }
  // Hostile bytes read by workers: invalid UTF-8, NULs, a 3 MB line with no newline across the
  // cut, CRLF and lone CRs; the same summary as this thread's, nothing thrown.
  const hostile = join(dir, 'hostile.log');
  const report = (c: number) => Buffer.from(`04-19 17:02:14.735  5394  5394 E A03200/KeyStore: generate failed, code: ${c}\r\n`);
  writeFileSync(hostile, Buffer.concat([report(12000011), Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0xe2, 0x82, 0x0a]), Buffer.alloc(3 << 20, 0x61), Buffer.from('code: 401\n'), Buffer.alloc(4096, 0), Buffer.from('\rcode: 201\n'), report(12000012)]));
  const href = new Scanner({ threads: 1, parallelMin: Number.MAX_SAFE_INTEGER });
  await href.scanFile(hostile);
  assert.ok(href.summary().occurrences >= 2);
  for (const [threads, splitAt] of [[1, undefined], [2, 0.5]] as const) {
    const s = new Scanner({ threads, parallelMin: 1, splitAt });
    await s.scanFile(hostile);
    assert.deepEqual(summaryKey(s.summary()), summaryKey(href.summary()), `hostile, ${threads} threads`);
  }
});

test('realistic generated logs (fresh numbers, ids, paths; every report shape; crash blocks): streamed = reference', async () => {
  // Error reports at 20 % (against ~3 % in the benchmark) so that every shape occurs many times.
  for (const [seed, we] of [[11, 0.05], [12, 0.25], [13, 0.5], [14, 0.9]] as const) {
    const gen = new LogGenerator(reg.entries, { seed, weShare: we, errorShare: 0.2, shapes: 300 });
    const text = [...gen.chunks(400_000, 50_000)].join("");
    const want = reference(text);
    assert.ok(want.length > 500, `seed ${seed}: ${want.length} occurrences`);
    const bytes = Buffer.from(text, 'utf8');
    // Cut in uneven chunks, and scanned twice by one scanner (the second pass on a warm cache).
    const s = new Scanner({ onOccurrence: (o) => out.push(key(o)) });
    const out: string[] = [];
    await streamed(bytes, [65_536, 7_001, 250_000], s);
    assert.deepEqual(out, want, `seed ${seed}, cold`);
    out.length = 0;
    await streamed(bytes, [], s);
    assert.deepEqual(out, want, `seed ${seed}, warm`);
    const quiet = new Scanner();
    await streamed(bytes, [65_536, 7_001, 250_000], quiet);
    assert.deepEqual(summaryKey(quiet.summary()), referenceSummary(text), `seed ${seed}, summary`);
  }
});

test('logs of the second generator (its own texts, report shapes and look-alike lines at every level): streamed = reference', async () => {
  for (const [seed, we] of [[21, 0.1], [22, 0.5]] as const) {
    const text = [...new LogGenerator2(reg.entries, { seed, weShare: we, reportRate: 0.2 }).chunks(300_000)].join('');
    const want = reference(text);
    assert.ok(want.length > 500, `seed ${seed}: ${want.length} occurrences`);
    const bytes = Buffer.from(text, 'utf8');
    assert.deepEqual(await streamed(bytes, [65_536, 7_001]), want, `seed ${seed}`);
    const quiet = new Scanner();
    await streamed(bytes, [65_536, 7_001], quiet);
    assert.deepEqual(summaryKey(quiet.summary()), referenceSummary(text), `seed ${seed}, summary`);
  }
});

test('lines of one shape with other codes: each counted as the parser reads it (0, repeats, several entries, unknown)', async () => {
  const byCode = new Map<number, typeof reg.entries>();
  for (const e of reg.entries) byCode.set(e.code, [...(byCode.get(e.code) ?? []), e]);
  // Codes of one length: a shape keeps the digits' count.
  const single = [...byCode].filter(([c, es]) => es.length === 1 && String(c).length === 8).map(([c]) => c);
  // A code of several entries in different kits, each with a message of its own.
  const literal = (e: (typeof reg.entries)[number]) => !!e.messages[0] && !e.messages[0].includes('$') && !e.messages[0].includes('\n');
  const multi = [...byCode].filter(([c, es]) => String(c).length === 8 && literal(es[0]) && es.some((e) => e.kit.id !== es[0].kit.id && literal(e) && e.messages[0] !== es[0].messages[0]));
  assert.ok(single.length > 10 && multi.length > 0, `${single.length} ${multi.length}`);
  const [m, mEntries] = multi[0];
  const firstMessage = mEntries[0].messages[0];
  // Of a kit other than the code's first entry: a line with it is that kit's row, not the first's.
  const kitMessage = mEntries.find((e) => e.kit.id !== mEntries[0].kit.id && literal(e) && e.messages[0] !== firstMessage)!.messages[0];
  const zero = '00000000';
  const shapes = [
    (a: number | string, b: number | string) => `generate failed, code: ${a}, errno ${b}`,
    (a: number | string, b: number | string) => `op rejected, err.code=${a} 错误码：${b}`,
  ];
  const line = (t: string) => `04-19 17:02:14.735  5394  5394 E A03200/KeyStore: ${t}`;
  // Rows first (another shape), so that lines of a learnt shape can be counted from it.
  const lines = single.slice(0, 10).map((c) => line(`BusinessError code: ${c}`));
  lines.push(line(`BusinessError code: ${m}`), line(`BusinessError code: ${m}, message: ${kitMessage}`), line(`BusinessError code: ${m}, message: ${firstMessage}`));
  for (const shape of shapes) {
    const values: [number | string, number | string][] = [
      // A 0 first: its window reports nothing, but another number there would.
      [zero, single[1]], [single[0], single[1]], [single[2], single[3]],
      // The same code twice is one; a 0 is none; only zeros: no code at all.
      [single[4], single[4]], [zero, single[5]], [single[6], zero], [zero, zero],
      // A code of several entries is resolved by the message; codes no entry knows.
      [m, single[7]], [single[8], m], [99999991, single[0]], [-5, single[1]], [single[2], 99999992], [single[3], single[2]],
    ];
    for (const [a, b] of values) lines.push(line(shape(a, b)), line(`${shape(a, b)}, message: ${kitMessage}`), line(`${shape(a, b)}, message: ${firstMessage}`));
  }
  // Twice over: the second round finds every shape learnt.
  const text = [...lines, ...lines].join('\n') + '\n';
  const quiet = new Scanner();
  // Small chunks: what a line teaches the cache serves from the next chunk on.
  await streamed(Buffer.from(text), [61], quiet);
  assert.deepEqual(summaryKey(quiet.summary()), referenceSummary(text));
});

test("past the prefilter's bounds: more (shape, code values) pairs than its table holds, more recipes than verdict ids; what it counted or tied to an old id is taken or forgotten when the ids start over", async () => {
  const byCode = new Map<number, number>();
  for (const e of reg.entries) byCode.set(e.code, (byCode.get(e.code) ?? 0) + 1);
  const single = [...byCode].filter(([c, n]) => n === 1 && String(c).length === 8).map(([c]) => c);
  const several = [...byCode].filter(([, n]) => n > 1).map(([c]) => c);
  assert.ok(single.length >= 300 && several.length >= 70, `${single.length} ${several.length}`);
  // Shapes differ by the word before the code (letters and _: the coarse key keeps them).
  const word = (k: number) => `task_${String.fromCharCode(97 + (k % 26))}${String.fromCharCode(97 + Math.floor(k / 26))}`;
  const lines: string[] = [];
  const line = (t: string, lvl = 'E') => {
    const i = lines.length;
    lines.push(`04-19 17:02:14.${String(i % 1000).padStart(3, '0')}  ${1000 + (i % 5000)}  ${1000 + (i % 5000)} ${lvl} A03200/KeyStore: ${t}`);
  };
  // The scanner handles a chunk's lines after the module looked at all of them, so what a line
  // teaches serves from the next chunk on: between the steps below, a chunk of quiet lines.
  const pause = () => {
    for (let i = 0; i < 1200; i++) line('render frame done', 'I');
  };
  const pairs = single.slice(0, 50).map((a, i) => `pair code: ${a} errno ${single[100 + i]}`);
  // Every shape and every code once, so that shapes are known and codes have rows.
  for (let k = 0; k < 40; k++) line(`${word(k)} code: ${single[0]}`);
  line(pairs[0]);
  for (const c of single.slice(0, 300)) line(`task_aa code: ${c}`);
  pause();
  // 40 shapes × 300 codes = 12,000 (shape, code values) pairs, twice over, the shapes interleaved:
  // the table (8,192) fills and starts over.
  for (let r = 0; r < 2; r++) for (const c of single.slice(0, 300)) for (let k = 0; k < 40; k++) line(`${word(k)} code: ${c}`);
  // 50 code pairs of one shape, twice over: counted under their recipes from then on.
  for (let r = 0; r < 2; r++) {
    for (const t of pairs) line(t);
    pause();
  }
  // 70 × 120 = 8,400 recipes of lines that have no shape (a code of several entries): the
  // recipe ids (8,191) run out, while the pairs above are still tied to their old ids.
  for (const m of several.slice(0, 70)) for (const c of single.slice(0, 120)) line(`multi code: ${m} errno ${c}`);
  // The pairs again, once the shape is learnt anew: their old ids now name other recipes.
  line(pairs[0]);
  pause();
  for (let r = 0; r < 3; r++) for (const t of pairs) line(t);
  const text = lines.join('\n') + '\n';
  let clears = 0;
  let tied = 0;
  const { clear, rememberShapeCodes } = Prefilter.prototype;
  Prefilter.prototype.clear = function (this: Prefilter) {
    clears++;
    return clear.call(this);
  };
  Prefilter.prototype.rememberShapeCodes = function (this: Prefilter, recipe: number) {
    tied++;
    return rememberShapeCodes.call(this, recipe);
  };
  try {
    const s = new Scanner();
    await streamed(Buffer.from(text), [1 << 16], s);
    assert.ok(clears >= 1, 'the recipe ids ran out at least once');
    assert.ok(tied > 8192, `more (shape, code values) pairs tied than the table holds: ${tied}`);
    assert.deepEqual(summaryKey(s.summary()), referenceSummary(text));
  } finally {
    Object.assign(Prefilter.prototype, { clear, rememberShapeCodes });
  }
});

test('codes no entry knows, past the cap of unknown rows, are counted from a line\'s shape as the parser counts them', async () => {
  const known = reg.entries.filter((e) => String(e.code).length === 8 && reg.entries.filter((x) => x.code === e.code).length === 1).map((e) => e.code);
  const isKnown = new Set(reg.entries.map((e) => e.code));
  const lines: string[] = [];
  let u = 87654321;
  for (let n = 0; n < 400; n++) {
    do u = (u * 48271) % 99999989; while (u < 10000000 || isKnown.has(u));
    const a = n % 3 === 0 ? known[n % 11] : u;
    // One shape; two windows (an unknown code beside a known one, or the same unknown code twice).
    lines.push(`04-19 17:02:14.735  5394  5394 ${n % 2 ? 'E' : 'I'} A03200/KeyStore: sync failed, code: ${a}, errno ${n % 5 === 0 ? a : known[n % 7]}`);
  }
  const text = [...lines, ...lines].join('\n') + '\n';
  for (const maxRows of [5, 50, 2000]) {
    const quiet = new Scanner({ maxRows });
    await streamed(Buffer.from(text), [311], quiet);
    const want = referenceSummary(text, { maxRows });
    assert.deepEqual(summaryKey(quiet.summary()), want, `maxRows ${maxRows}`);
    if (maxRows === 5) assert.ok(want.folded && want.folded.occurrences > 300, 'most unknown codes are folded');
  }
});

test('quiet lines (D, I, no level and no err / fail / xcep, or failing the message gate) whose codes give nothing share a verdict by their code contexts; loud lines and numbers dropped for their value do not', async () => {
  const literal = reg.entries.filter((e) => e.messages[0] && !e.messages[0].includes('$') && !e.messages[0].includes('\n') && e.messages[0].length > 20);
  const msg = literal[3].messages[0];
  const single = reg.entries.filter((e) => String(e.code).length === 8 && reg.entries.filter((x) => x.code === e.code).length === 1).map((e) => e.code);
  const hilog = (l: string, t: string) => `04-19 17:02:14.735  5394  5394 ${l} A03200/KeyStore: ${t}`;
  const deveco = (l: string, t: string) => `04-19 17:02:14.735  5394-5394  A03200/KeyStore  com.example.demo  ${l}  ${t}`;
  const bodies = [
    // The same contexts without a message: a loud line then fails the message gate, and is keyed
    // as a quiet one; the loud line with the message after it must not share that verdict.
    (n: number) => `statusCode=${n}, url: https://x.example/item`,
    // Not an error code (the word before "code"): nothing on a quiet line, the message on a loud one.
    (n: number) => `statusCode=${n}, reason: ${msg}`,
    (n: number) => `exit code ${n}: ${msg}`,
    // A 0 is dropped for its value: the same context with another number (as many digits) is a code.
    (n: number) => `errCode: ${n % 2 ? single[n % 7] : '00000000'} reason: ${msg}`,
    (n: number) => `keyCode ${n} pressed`,
  ];
  const lines: string[] = [];
  for (let n = 1; n <= 12; n++) {
    for (const b of bodies) {
      const t = b(n % 4 === 0 ? 0 : 500 + n);
      for (const l of ['D', 'I', 'W', 'E']) lines.push(hilog(l, t), deveco(l, t));
      // Without a level: quiet, then loud (the same contexts, a word that asks for a message).
      lines.push(t, `${t} failed: ${msg}`);
    }
  }
  const text = [...lines, ...lines].join('\n') + '\n';
  const want = reference(text);
  assert.ok(want.some((k) => k.includes('|message|')) && want.some((k) => k.includes('|code|')), 'the log reports messages and codes');
  assert.deepEqual(await streamed(Buffer.from(text), [97]), want);
  const quiet = new Scanner();
  await streamed(Buffer.from(text), [97], quiet);
  assert.deepEqual(summaryKey(quiet.summary()), referenceSummary(text));
});

test('the message gate passes every line the parser matches to a template: open templates, blanks inserted, case changed (property)', async () => {
  const { defaultMatcher } = await import('../src/match/match.js');
  const { templateTail, literalLength, MIN_LITERAL } = await import('../src/scan/anchors.js');
  const parts = defaultMatcher({ transform: maskNumbers }).templateParts().filter((t) => literalLength(t.template) >= MIN_LITERAL);
  // Templates whose end is not fixed text pass by an anchor alone; a sample of the others too.
  const open = parts.filter((t) => !templateTail(t.segments)).map((t) => t.template);
  const closed = parts.filter((t, i) => templateTail(t.segments) && i % 40 === 0).map((t) => t.template);
  assert.ok(open.length > 10, `${open.length} open templates`);
  const fill = fc.stringMatching(/^[a-zA-Z_.]{1,12}$/);
  const line = fc
    .tuple(fc.constantFrom(...open, ...open, ...closed), fc.array(fill, { minLength: 4, maxLength: 4 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(' ', '\t', '\u3000', '\u00a0')), { maxLength: 3 }), fc.boolean(), fc.constantFrom('', 'Error: ', 'load failed: ', 'code is none, message: '))
    .map(([t, fills, blanks, upper, lead]) => {
      let k = 0;
      let text = t.replace(/\$\{[^{}]+\}/g, () => fills[k++ % fills.length]).replace(/\bmessageInfo\b/g, 'x');
      // The matcher allows a blank the template lacks anywhere: so must the gate.
      for (const [b, blank] of blanks) {
        const at = text.length ? b % text.length : 0;
        text = text.slice(0, at) + blank + text.slice(at);
      }
      if (upper) text = text.toUpperCase();
      return `04-19 17:02:14.735  5394  5394 W A03200/KeyStore: ${lead}${text}`;
    });
  await fc.assert(
    fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 20 }), async (lines) => {
      const text = lines.join('\n') + '\n';
      const want = reference(text);
      // Small chunks: the gate is set once the first message line has built the matcher.
      assert.deepEqual(await streamed(Buffer.from(text), [160]), want);
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
  );
});

test('the number mask of the WebAssembly prefilter is the one the parser uses (property)', () => {
  const pre = new Prefilter();
  const piece = fc.oneof(
    fc.constantFrom('code', 'Code', 'errno', 'ERRNO', 'errCode', '错误码', 'is', ' is ', ':', '：', '=', '"', '-', ' ', '\t', '0x', '0X', 'deadbeef', 'abc', 'xyz', '_', '.', '为', '\u00a0', 'é', '€'),
    fc.integer({ min: 0, max: 99999999 }).map(String),
    fc.stringMatching(/^[0-9a-fA-F]{1,12}$/),
    fc.string({ maxLength: 4 }),
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 24 }), (parts) => {
      const s = parts.join('');
      const got = pre.maskedKey(Buffer.from(s, 'utf8'), 0, 0);
      assert.equal(got.toString('utf8'), maskNumbers(s), JSON.stringify(s));
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) * 10 },
  );
});
