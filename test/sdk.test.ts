/** SDK declarations: the reader on fixture files, mutations of them, the shared SDK against a line scan, the CLI. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { readSdk, parseThrows, parseSince, type SdkFileResult } from '../src/readers/sdk.js';
import { groupApis } from '../src/merge/apis.js';
import { loadConfig } from '../src/build/config.js';
import { buildRegistry } from '../src/build/build.js';
import type { Registry } from '../src/registry/types.js';
import { cli, FIXTURES, ROOT, SDK, DOCS, SEEDS, sharedSkip, tempDir } from './helpers.js';

const HMS = join(FIXTURES, 'sdk', '@hms.health.demoStore.d.ts');
const ETS = join(FIXTURES, 'sdk', '@ohos.demo.widget.d.ets');
const read = (p: string) => readSdk(readFileSync(p, 'utf8'), { file: p });

test('sdk reader: qualified names through namespace / class / nested namespace, kinds, tags', () => {
  const r = read(HMS);
  assert.equal(r.module, '@hms.health.demoStore');
  assert.equal(r.kit, 'HealthServiceKit');
  const names = r.decls.map((d) => `${d.kind} ${d.name}`);
  assert.deepEqual(names.sort(), [
    'accessor demoStore.DemoReader.position',
    'constructor demoStore.DemoReader.constructor',
    'function demoStore.inner.helper',
    'function demoStore.readData',
    'function demoStore.readData',
    'method demoStore.DemoReader.close',
  ]);
  const pos = r.decls.find((d) => d.name.endsWith('position'))!;
  assert.equal(pos.systemApi, true);
  const close = r.decls.find((d) => d.name.endsWith('close'))!;
  assert.equal(close.deprecated, 'since 13');
  const helper = r.decls.find((d) => d.name.endsWith('helper'))!;
  assert.equal(helper.since, undefined);
  assert.equal(helper.sinceStatic, '23');
  assert.equal(helper.crossPlatform, true);
  assert.deepEqual(r.enums.map((e) => [e.name, e.members.map((m) => `${m.name}=${m.value}`)]), [['demoStore.DemoErrorCode', ['DEMO_NOT_AUTHORIZED=1990100001', 'DEMO_BUSY=1990100002', 'DEMO_READER_CLOSED=1990100003']]]);
  assert.ok(r.diagnostics.every((d) => d.severity === 'notice'), JSON.stringify(r.diagnostics));
});

test('sdk reader: multi-line messages, <br>, [since N] notes, odd spacing; overloads become one API', () => {
  const r = read(HMS);
  const [cb, promise] = r.decls.filter((d) => d.name === 'demoStore.readData');
  assert.equal(cb.since, '5.0.0(12)');
  assert.equal(cb.atomicService, true);
  assert.equal(cb.permissions, 'ohos.permission.READ_HEALTH_DATA');
  assert.deepEqual(cb.throws.map((t) => [t.code, t.message, t.note ?? '']), [
    [201, 'Permission denied.', ''],
    [401, 'Parameter error. Possible causes: 1. Mandatory parameters are left unspecified; 2. Incorrect parameter types.', ''],
    [1990100001, 'The demo store is not authorized.', 'since 5.0.1(13)'],
  ]);
  assert.deepEqual(promise.throws.map((t) => [t.code, t.message]), [
    [201, 'Permission denied.'],
    [1990100002, 'The demo store service is busy.'],
  ]);
  // Lines point at the @throws tags.
  const lines = readFileSync(HMS, 'utf8').split('\n');
  for (const t of [...cb.throws, ...promise.throws]) assert.match(lines[t.line - 1], /@throws/);
  const apis = groupApis([{ file: 'x', result: r }]);
  const readData = apis.find((a) => a.name === 'demoStore.readData')!;
  assert.equal(readData.overloads, 2);
  assert.equal(readData.since, '5.0.0(12)', 'the earliest since of the overloads');
  assert.deepEqual([...new Set(readData.throws.map((t) => t.code))], [201, 401, 1990100001, 1990100002]);
  assert.equal(apis.filter((a) => a.name === 'demoStore.readData').length, 1);
});

test('sdk reader: ArkTS .d.ets syntax (struct, decorators) reads', () => {
  const r = read(ETS);
  assert.equal(r.kit, 'ArkUI');
  assert.deepEqual(r.decls.filter((d) => d.throws.length).map((d) => [d.name, d.throws.map((t) => t.code)]), [['DemoWidget.start', [100001]]]);
  assert.ok(!r.diagnostics.some((d) => d.kind === 'sdk-parse'), JSON.stringify(r.diagnostics));
});

test('parseThrows / parseSince: the forms writers use', () => {
  assert.deepEqual(parseThrows('{ BusinessError } 401 - Parameter error.'), { type: 'BusinessError', code: 401, message: 'Parameter error.' });
  assert.deepEqual(parseThrows('{BusinessError} 401-Parameter error.'), { type: 'BusinessError', code: 401, message: 'Parameter error.' });
  assert.deepEqual(parseThrows('{ BusinessError } 14800011 - Database corrupted. [since 12]'), { type: 'BusinessError', code: 14800011, message: 'Database corrupted.', note: 'since 12' });
  assert.deepEqual(parseThrows('{ BusinessError } 801 – Capability not supported. (since 5.0.0(12))'), { type: 'BusinessError', code: 801, message: 'Capability not supported.', note: 'since 5.0.0(12)' });
  assert.deepEqual(parseThrows('{ BusinessError } -1 - Unknown.'), { type: 'BusinessError', code: -1, message: 'Unknown.' });
  assert.equal(parseThrows('Throws this exception if input is invalid.'), undefined);
  assert.deepEqual(parseSince('5.0.0(12)'), { version: '5.0.0(12)', api: 12, staticOnly: false });
  assert.deepEqual(parseSince('23 static'), { version: '23', api: 23, staticOnly: true });
  assert.deepEqual(parseSince('26.0.0 dynamic&static'), { version: '26.0.0', api: 26, staticOnly: false });
});

/** Every `@throws` line of a (possibly mangled) text is indexed or reported, with its line. */
function accounted(text: string, r: SdkFileResult): string[] {
  const lines = text.split('\n');
  const have = new Set<number>([...r.decls.flatMap((d) => d.throws.map((t) => t.line)), ...r.diagnostics.filter((d) => d.line).map((d) => d.line!)]);
  const missing: string[] = [];
  let inDoc = false;
  lines.forEach((l, i) => {
    // Only a /** */ comment still intact in the mangled text counts (the reader's rule too): the
    // state at the @throws is what the openers and closers before it on the line leave.
    const at = l.search(/@throws?\b/);
    let open = inDoc;
    for (const m of l.matchAll(/\/\*\*|\*\//g)) {
      if (at >= 0 && m.index! < at) open = m[0] === '/**';
      inDoc = m[0] === '/**';
    }
    if (at >= 0 && open && !have.has(i + 1)) missing.push(`${i + 1}: ${l.trim()}`);
  });
  return missing;
}

test('property: mangled declaration files never crash the reader; every @throws is read or a diagnostic with file and line', () => {
  const sources = [readFileSync(HMS, 'utf8'), readFileSync(ETS, 'utf8')];
  const GARBAGE = ['{', '}', '*/', '/**', ' @throws { BusinessError } ', ' @throws {BusinessError} x - y', '@since', 'namespace ', 'class X {', '\n', '<br>', ' - ', '@Component\n', 'struct S {', '\u0000', '(', '):'];
  fc.assert(
    fc.property(
      fc.constantFrom(...sources),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.oneof(fc.constantFrom(...GARBAGE), fc.constant(''))), { maxLength: 8 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
      (src, inserts, deletions) => {
        let t = src;
        for (const [at, g] of inserts) {
          const i = Math.floor(t.length * at);
          t = t.slice(0, i) + g + t.slice(i);
        }
        for (const at of deletions) {
          const i = Math.floor(t.length * at);
          t = t.slice(0, i) + t.slice(i + 40);
        }
        const r = readSdk(t, { file: 'mut.d.ts' });
        for (const d of r.diagnostics) {
          assert.equal(d.file, 'mut.d.ts');
          assert.ok(d.kind && d.message);
        }
        for (const d of r.decls) for (const th of d.throws) assert.ok(Number.isSafeInteger(th.code) && th.line >= 1);
        assert.deepEqual(accounted(t, r), []);
      },
    ),
    { numRuns: 250 },
  );
});

// ---- the shared SDK: independent line scan ----

const skipSdk = sharedSkip(SDK);
let reg: Registry;
before(() => {
  if (!skipSdk && !sharedSkip(DOCS)) reg = buildRegistry({ config: loadConfig(join(ROOT, 'data', 'kits.yaml')), docsDir: DOCS, seedsDir: existsSync(SEEDS) ? SEEDS : undefined, sdkDir: SDK });
});

function declFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.d\.e?ts$/.test(n) && !relative(dir, p).startsWith('kits' + sep)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * `@throws { BusinessError } N` lines by a plain line scan, each with the API it documents: the
 * first name on the first code line after the comment closes (decorators and blank lines skipped).
 */
function lineScan(file: string): { line: number; code: number; api: string }[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: { line: number; code: number; api: string }[] = [];
  lines.forEach((l, i) => {
    const m = /^\s*\*\s*@throws\s*\{\s*BusinessError\s*\}\s*(-?\d+)/.exec(l);
    if (!m) return;
    let j = i;
    while (j < lines.length && !lines[j].includes('*/')) j++;
    j++;
    // Skip further doc blocks stacked on the same declaration, blank lines and decorators.
    for (;;) {
      const t = (lines[j] ?? '').trim();
      if (t.startsWith('/**') || t.startsWith('/*')) {
        while (j < lines.length && !lines[j].includes('*/')) j++;
        j++;
      } else if (!t || t.startsWith('//') || /^@\w+(\(.*\))?$/.test(t)) j++;
      else break;
    }
    const decl = (lines[j] ?? '').trim();
    const n = /^(?:(?:export|declare|default|static|readonly|async|function|get|set|abstract|public|protected|private|override|const|let|var|type)\s+)*(constructor|new|[A-Za-z_$][\w$]*)/.exec(decl);
    out.push({ line: i + 1, code: Number(m[1]), api: n ? (n[1] === 'new' ? 'constructor' : n[1]) : '?' });
  });
  return out;
}

test('shared SDK: every @throws { BusinessError } line is indexed with its API; every code resolves to an entry', { skip: skipSdk || sharedSkip(DOCS) }, () => {
  let lines = 0;
  const missing: string[] = [];
  const wrongApi: string[] = [];
  const codes = new Set<number>();
  const apiCodes = new Map<string, Set<number>>();
  for (const a of reg.apis) apiCodes.set(`${a.module}\u0000${a.name}`, new Set(a.throws.map((t) => t.code)));
  const byModule = new Map<string, typeof reg.apis>();
  for (const a of reg.apis) (byModule.get(a.module) ?? byModule.set(a.module, []).get(a.module)!).push(a);
  for (const f of declFiles(SDK)) {
    const scan = lineScan(f);
    if (!scan.length) continue;
    const r = readSdk(readFileSync(f, 'utf8'), { file: f });
    const byLine = new Map<number, string>();
    for (const d of r.decls) for (const t of d.throws) byLine.set(t.line, d.name);
    for (const s of scan) {
      lines++;
      codes.add(s.code);
      const name = byLine.get(s.line);
      if (!name) {
        missing.push(`${relative(SDK, f)}:${s.line}`);
        continue;
      }
      const last = name.slice(name.lastIndexOf('.') + 1);
      if (last !== s.api) wrongApi.push(`${relative(SDK, f)}:${s.line} scan says ${s.api}, index says ${name}`);
      // …and the registry's API index has that API with that code.
      const api = (byModule.get(r.module) ?? []).find((a) => a.name === name);
      if (!api || !api.throws.some((t) => t.code === s.code)) missing.push(`${relative(SDK, f)}:${s.line} ${name} ${s.code} not in the registry's API index`);
    }
  }
  const entryCodes = new Set(reg.entries.map((e) => e.code));
  const unresolved = [...codes].filter((c) => !entryCodes.has(c));
  console.log(`sdk line scan: ${lines} @throws lines, ${codes.size} distinct codes; not indexed: ${missing.length}; other API name: ${wrongApi.length}; codes without an entry: ${unresolved.length}; SDK-only entries: ${reg.entries.filter((e) => e.sdkOnly).length}`);
  for (const w of wrongApi.slice(0, 10)) console.log('  ' + w);
  assert.ok(lines > 40000);
  assert.deepEqual(missing.slice(0, 20), []);
  assert.ok(wrongApi.length <= lines * 0.001, `${wrongApi.length} lines attributed to another API than the line scan's`);
  assert.deepEqual(unresolved, []);
  // Entries link back: a code the SDK throws most lists its APIs.
  const top = reg.entries.find((e) => e.code === 14800014 && e.kit.id === 'arkdata')!;
  assert.ok(top.thrownBy && top.thrownBy.count >= 100, JSON.stringify(top.thrownBy));
  assert.ok(reg.entries.filter((e) => e.sdkOnly).every((e) => e.messages.length && e.title.en && e.thrownBy));
  const huks = reg.entries.find((e) => e.code === 12000011 && e.kit.id === 'universal-keystore-kit')!;
  assert.ok(huks.name && huks.nameFrom?.includes('HuksExceptionErrCode'), `${huks.name} ${huks.nameFrom}`);
});

// ---- CLI ----

test('CLI: api by suffix, full name, module; --json shape; nothing found → exit 1 with nearest names', () => {
  const r = cli(['api', 'RdbStore.insert', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const api = j.apis.find((a: { name: string }) => a.name === 'relationalStore.RdbStore.insert');
  assert.ok(api, r.stdout.slice(0, 400));
  assert.equal(api.module, '@ohos.data.relationalStore');
  assert.equal(api.kit, 'arkdata');
  assert.ok(api.file && api.line && api.since);
  assert.ok(api.throws.some((t: { code: number; title?: { en?: string } }) => t.code === 14800014 && t.title?.en));
  const full = cli(['api', 'relationalStore.RdbStore.insert', '--lang', 'en']);
  assert.equal(full.status, 0);
  assert.match(full.stdout, /@ohos\.data\.relationalStore/);
  assert.match(full.stdout, /14800014 {2}Target Instance Closed/);
  const mod = cli(['api', '@ohos.data.relationalStore', '--json', '--limit', '500']);
  assert.ok(JSON.parse(mod.stdout).apis.length > 50);
  const none = cli(['api', 'RdbStore.insrt', '--lang', 'en']);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /No API matches "RdbStore\.insrt"/);
  assert.match(none.stderr, /RdbStore\.insert/);
  assert.equal(cli(['api']).status, 2);
});

test('CLI: a code shows the APIs that throw it, --all lists every one; an SDK-only code says so', () => {
  const r = cli(['14800014', '--kit', 'arkdata', '--lang', 'en']);
  assert.equal(r.status, 0);
  const m = /Thrown by: (.+), … (\d+) APIs in all/.exec(r.stdout);
  assert.ok(m, r.stdout);
  const all = cli(['14800014', '--kit', 'arkdata', '--all', '--lang', 'en']);
  const listed = all.stdout.split('\n').filter((l) => /^ {4}\S+\s+@ohos\./.test(l));
  assert.equal(listed.length, Number(m[2]));
  const json = JSON.parse(cli(['14800014', '--kit', 'arkdata', '--json']).stdout);
  assert.equal(json[0].thrownBy.count, Number(m[2]));
  const sdkOnly = JSON.parse(readFileSync(join(ROOT, 'data', 'registry.json'), 'utf8')).entries.find((e: { sdkOnly?: boolean }) => e.sdkOnly);
  if (sdkOnly) {
    const s = cli([String(sdkOnly.code), '--kit', sdkOnly.kit.id, '--lang', 'en']);
    assert.match(s.stdout, /documented only in the SDK declarations/);
  }
});

test('CLI: import .d.ts files and folders: APIs, codes and diagnostics; --save makes api and lookups include them', () => {
  const home = tempDir();
  const show = cli(['import', join(FIXTURES, 'sdk'), '--json'], { OHOS_ERRORS_HOME: home });
  assert.equal(show.status, 0, show.stderr);
  const j = JSON.parse(show.stdout);
  assert.ok(Array.isArray(j.diagnostics));
  assert.deepEqual(j.apis.map((a: { name: string }) => a.name).sort(), ['DemoWidget.start', 'demoStore.DemoReader.close', 'demoStore.DemoReader.constructor', 'demoStore.DemoReader.position', 'demoStore.inner.helper', 'demoStore.readData']);
  assert.deepEqual(j.entries.map((e: { code: number }) => e.code).sort(), [1990100001, 1990100002, 1990100003]);
  assert.equal(cli(['1990100001'], { OHOS_ERRORS_HOME: home }).status, 1, 'nothing saved without --save');
  const save = cli(['import', HMS, '--save', '--lang', 'en'], { OHOS_ERRORS_HOME: home });
  assert.equal(save.status, 0, save.stderr);
  assert.match(save.stdout, /saved to/);
  const code = cli(['1990100002', '--lang', 'en'], { OHOS_ERRORS_HOME: home });
  assert.equal(code.status, 0);
  assert.match(code.stdout, /The demo store service is busy/);
  assert.match(code.stdout, /Thrown by: demoStore\.readData/);
  const api = cli(['api', 'demoStore.readData', '--json'], { OHOS_ERRORS_HOME: home });
  assert.equal(api.status, 0);
  assert.equal(JSON.parse(api.stdout).apis[0].kit, 'health-service-kit');
  const bad = tempDir();
  writeFileSync(join(bad, 'x.d.ts'), 'declare namespace x {\n  /**\n   * @throws { BusinessError } nope - no code here\n   */\n  function f(): void;\n}\n');
  const b = cli(['import', join(bad, 'x.d.ts'), '--json'], { OHOS_ERRORS_HOME: home });
  assert.equal(b.status, 1);
  const d = JSON.parse(b.stdout).diagnostics;
  assert.ok(d.some((x: { line?: number; file: string }) => x.line === 3 && x.file.endsWith('x.d.ts')), JSON.stringify(d));
  const empty = cli(['import', tempDir()]);
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /no \.d\.ts or \.d\.ets files/);
});
