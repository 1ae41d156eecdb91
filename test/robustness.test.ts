/** Malformed, truncated and garbage input never crashes a reader; problems come back as diagnostics. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { readPage, type Format } from '../src/readers/index.js';
import { parseCodeHeading } from '../src/readers/sections.js';
import { FIXTURES, SEEDS } from './helpers.js';

const pages: { name: string; text: string }[] = readdirSync(FIXTURES).filter((f) => /\.(html|txt|md)$/.test(f)).map((f) => ({ name: f, text: readFileSync(join(FIXTURES, f), 'utf8') }));
if (existsSync(SEEDS)) for (const f of readdirSync(SEEDS).sort()) pages.push({ name: `seeds/${f}`, text: readFileSync(join(SEEDS, f), 'utf8') });
else console.log(`note: ${SEEDS} absent; robustness runs on the fixtures only`);

const LABEL_WORDS = ['错误信息', '错误描述', '可能原因', '处理步骤', 'Error message', 'Description', 'Possible causes', 'Solution', 'Error Message', 'Possible Causes'];
const GARBAGE = ['<div><div><p>', '</h2></div>', '<h2 device-type="phone">', '## ', '**', '```', '\u0000', '\uFFFD', '<!--', '| 1 | 2 |\n|---|---|\n', '\t\n', '12000011', '&amp;&#x1F600;', '\r\n', '<strong>错误信息</strong>', '<table><tr><td>'];

function check(name: string, text: string, format?: Format) {
  const r = readPage(text, { file: name, format });
  assert.ok(Array.isArray(r.records));
  for (const d of r.diagnostics) {
    assert.equal(d.file, name);
    assert.ok(d.kind && d.message, 'a diagnostic says what went wrong');
    assert.ok(d.severity === 'error' || d.severity === 'notice');
  }
  for (const rec of r.records) {
    assert.ok(Number.isSafeInteger(rec.code));
    assert.ok(rec.section.length > 0);
    for (const m of rec.messages) assert.ok(m.trim().length > 0, 'no empty messages');
  }
}

test('truncated pages: cut anywhere, read as any format, never throw', () => {
  fc.assert(
    fc.property(fc.constantFrom(...pages), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom<Format | undefined>(undefined, 'html', 'text', 'markdown'), (p, at, format) => {
      check(p.name, p.text.slice(0, Math.floor(p.text.length * at)), format);
    }),
    { numRuns: 150 },
  );
});

test('labels removed and garbage nested at random places: never throw', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...pages),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...GARBAGE)), { maxLength: 8 }),
      fc.subarray(LABEL_WORDS),
      (p, inserts, drop) => {
        let t = p.text;
        for (const w of drop) t = t.split(w).join('');
        for (const [at, g] of inserts) {
          const i = Math.floor(t.length * at);
          t = t.slice(0, i) + g + t.slice(i);
        }
        check(p.name, t);
      },
    ),
    { numRuns: 150 },
  );
});

test('removing a label is reported, naming the section', () => {
  const p = pages.find((x) => x.name === 'demo-kit.html')!;
  const r = readPage(p.text.split('<p><strong>错误信息</strong></p>').join(''), { file: 'demo-kit.html' });
  // An English paragraph where the message label was is read as the message, and said so; a
  // lead-in + list without its label is no message at all.
  const d = r.diagnostics.filter((x) => x.kind === 'no-message' || x.kind === 'unlabelled-message');
  assert.deepEqual(d.map((x) => `${x.kind} ${x.section}`), ['unlabelled-message 1990000001 演示失败', 'no-message 1990000002 多种信息']);
  assert.deepEqual(r.records.find((x) => x.code === 1990000001)?.messages, ['The ${messageInfo} is not supported.']);
});

test('arbitrary unicode never throws in any reader', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), fc.constantFrom<Format>('html', 'text', 'markdown'), (s, format) => check('random', s, format)),
    { numRuns: 200 },
  );
});

test('property: any code heading parses back to its code and title', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.integer({ min: 100, max: 9_999_999_999 }), fc.integer({ min: -999, max: -1 })),
      fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0 && !/^#/.test(s.trim()) && !/#\s*$/.test(s)),
      fc.constantFrom(' ', '  ', '\u00a0', '\u3000'),
      (code, title, sep) => {
        const r = parseCodeHeading(`${code}${sep}${title}`);
        assert.ok(r);
        assert.equal(r.code, code);
        assert.equal(r.title, title.replace(/[\s\u00a0\u3000]+/g, ' ').trim());
      },
    ),
    { numRuns: 300 },
  );
});

test('collapsing blanks: the fast path gives what replace + trim gives, for any mix of spaces and Unicode blanks (property)', async () => {
  const { collapseBlanks } = await import('../src/util/text.js');
  const piece = fc.oneof(fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\u2028', '\u2009', '\u202f', '\ufeff', '\u1680', '\u0085', '\u200b', 'a', 'é', '中'), fc.string({ maxLength: 4 }));
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
      const s = parts.join('');
      assert.equal(collapseBlanks(s), s.replace(/[\s\u00a0\u3000]+/g, ' ').trim());
    }),
    { numRuns: 2000 },
  );
});
