/**
 * Field fidelity on the corpus: a fixed random sample of code sections, read by a naive line reader
 * written here independently of src/readers (its own heading, label and list rules), compared field
 * by field with the registry. Reports exact / differing counts and every difference.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/build/config.js';
import { buildRegistry } from '../src/build/build.js';
import type { Entry, Lang, Registry } from '../src/registry/types.js';
import { DOCS, ROOT, sharedSkip } from './helpers.js';

const skip = sharedSkip(DOCS);
let reg: Registry;
before(() => {
  if (!skip) reg = buildRegistry({ config: loadConfig(join(ROOT, 'data', 'kits.yaml')), docsDir: DOCS });
});

type F = 'title' | 'message' | 'description' | 'causes' | 'solutions';
interface NaiveSection {
  file: string;
  line: number;
  code: number;
  lang: Lang;
  fields: Partial<Record<F, string>>;
}

/** The naive reader's own label words (a few exact wordings per language; no shared table). */
function naiveLabel(line: string): F | 'other' | undefined {
  const m = /^\s*(?:\*\*(.+?)\*\*|#{3,6}\s+(.+?))\s*[:：;；]?\s*$/.exec(line);
  if (!m) return undefined;
  const t = (m[1] ?? m[2]).replace(/[:：]\s*$/, '').trim().toLowerCase();
  if (/^(错误信息|错误码信息|error message|error information|error code information|message)$/.test(t)) return 'message';
  if (/^(错误描述|问题现象|判断依据|description|error description|symptom|criterion)$/.test(t)) return 'description';
  if (/^(可能原因|possible causes?|cause)$/.test(t)) return 'causes';
  if (/^(处理步骤|解决措施|solution|procedure|handling procedure)$/.test(t)) return 'solutions';
  return m[1] ? 'other' : undefined; // an unknown bold line ends the field; an unknown heading is a sub-case
}

function naiveRead(rel: string, lang: Lang): NaiveSection[] {
  const out: NaiveSection[] = [];
  let cur: (NaiveSection & { depth: number; field?: F | 'other'; sub: boolean }) | undefined;
  let fence = false;
  const lines = readFileSync(join(DOCS, rel), 'utf8').split('\n');
  lines.forEach((raw, i) => {
    const l = raw.replace(/\r$/, '');
    if (/^\s*(```|~~~)/.test(l)) fence = !fence;
    if (!fence) {
      const h = /^(#{1,6})\s+(-?\d+)(?:\s+(.*?))?\s*$/.exec(l);
      if (h) {
        cur = { file: `docs/${rel}`, line: i + 1, code: Number(h[2]), lang, fields: {}, depth: h[1].length, sub: false };
        if (h[3]) cur.fields.title = h[3];
        out.push(cur);
        return;
      }
      const other = /^(#{1,6})\s/.exec(l);
      if (other && cur && other[1].length <= cur.depth) cur = undefined;
      if (!cur) return;
      const lab = naiveLabel(l);
      if (lab) {
        cur.field = lab;
        return;
      }
      if (other) {
        cur.sub = true; // sub-cases are compared only through their first-level fields
        return;
      }
    }
    if (!cur || !cur.field || cur.field === 'other' || cur.sub) return;
    if (/^\s*>/.test(l) || /^\s*!\[/.test(l) || /^\s*<!--.*-->\s*$/.test(l)) return;
    cur.fields[cur.field] = (cur.fields[cur.field] ?? '') + '\n' + l;
  });
  return out;
}

/** Compare texts as words: Markdown syntax, list markers, numbering, links and spacing removed. */
function norm(s: string): string {
  return s
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/&(?:emsp|ensp|nbsp);/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/^\s*(?:[-*+]|\d{1,2}[.、)]|[一二三四五六七八九十][、.])\s+/gm, '')
    .replace(/^\s*(?:\d{1,2}|[一二三四五六七八九十])[、．.]/gm, '')
    .replace(/```\w*|~~~\w*/g, '')
    .replace(/[*`\\]/g, '')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/[。.；;：:]+$/, '');
}

function ours(e: Entry, lang: Lang, f: F): string | undefined {
  switch (f) {
    case 'title':
      return e.titleDerived ? undefined : e.title[lang];
    case 'message':
      return e.messages.length ? e.messages.join('\n') : undefined;
    case 'description':
      return e.description?.[lang];
    case 'causes':
      return e.causes?.[lang]?.join('\n');
    case 'solutions':
      return e.solutions?.[lang]?.join('\n');
  }
}

/** Deterministic PRNG (mulberry32) so the sample is the same on every run. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('field fidelity: a fixed random sample of ≥150 corpus sections from ≥60 files, both languages', { skip }, () => {
  const files: { rel: string; lang: Lang }[] = [];
  for (const dir of readdirSync(DOCS).filter((d) => !d.includes('.')).sort()) {
    const lang: Lang = dir.startsWith('zh') ? 'zh' : 'en';
    const walk = (rel: string) => {
      for (const f of readdirSync(join(DOCS, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (f.isDirectory()) walk(`${rel}/${f.name}`);
        else if (f.name.endsWith('.md')) files.push({ rel: `${rel}/${f.name}`, lang });
      }
    };
    walk(dir);
  }
  const rand = rng(20261202);
  const pool = files.map((f) => ({ ...f, sections: naiveRead(f.rel, f.lang) })).filter((f) => f.sections.length);
  // 70 files, up to 3 sections each.
  const picked: NaiveSection[] = [];
  const order = pool.map((f) => ({ f, k: rand() })).sort((a, b) => a.k - b.k).slice(0, 70);
  for (const { f } of order) {
    const secs = [...f.sections].map((s) => ({ s, k: rand() })).sort((a, b) => a.k - b.k).slice(0, 3);
    picked.push(...secs.map((x) => x.s));
  }
  const bySource = new Map<string, Entry>();
  for (const e of reg.entries) for (const s of e.sources) if (s.line) bySource.set(`${s.file}:${s.line}`, e);
  let exact = 0;
  const differ: string[] = [];
  const langs = new Set<Lang>();
  const fileSet = new Set<string>();
  for (const s of picked) {
    const e = bySource.get(`${s.file}:${s.line}`);
    langs.add(s.lang);
    fileSet.add(s.file);
    for (const f of ['title', 'message', 'description', 'causes', 'solutions'] as F[]) {
      const want = s.fields[f];
      if (want === undefined || !norm(want)) continue;
      const got = e ? ours(e, s.lang, f) : undefined;
      // Messages: the entry holds every source's messages; the section's must all be there.
      const ok = got !== undefined && (f === 'message' ? norm(got).includes(norm(want)) || norm(want).includes(norm(got)) : norm(got) === norm(want));
      if (ok) exact++;
      else differ.push(`${s.file}:${s.line} ${s.code} ${f}\n    source: ${norm(want).slice(0, 160)}\n    ours:   ${got === undefined ? '(none)' : norm(got).slice(0, 160)}`);
    }
  }
  const total = exact + differ.length;
  console.log(`fidelity: ${picked.length} sections from ${fileSet.size} files (${[...langs].join('+')}); ${total} fields: ${exact} exact, ${differ.length} differing (${((100 * exact) / total).toFixed(2)}%)`);
  for (const d of differ) console.log('  ' + d);
  assert.ok(picked.length >= 150 && fileSet.size >= 60 && langs.size === 2);
  assert.ok(exact / total >= 0.995, `${differ.length} of ${total} fields differ`);
});
