/**
 * `ohos-errors gen`: golden output for two kits in both languages, the ArkTS linter of
 * ohos-typescript over the generated package for every kit, the TypeScript package compiled with
 * `strict` and used by a small program, and names that never change once locked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'ohos-typescript';
import { CLI, FIXTURES, ROOT, cli, tempDir } from './helpers.js';
import { readRegistry } from '../src/registry/store.js';
import { assignNames, emptyLock, formatLock, readLock } from '../src/gen/names.js';
import { genModel, renderSource } from '../src/gen/emit.js';
import { arktsLayout, writeLayout } from '../src/gen/write.js';
import { entryRef } from '../src/registry/types.js';

const GOLDEN = join(ROOT, 'test', 'golden', 'gen');
const LOCK = join(ROOT, 'data', 'names.lock.json');

for (const kit of ['universal-keystore-kit', 'account-kit']) {
  for (const lang of ['zh', 'en'] as const) {
    test(`golden: gen arkts --kit ${kit} --lang ${lang}`, () => {
      const r = cli(['gen', 'arkts', '--kit', kit, '--lang', lang]);
      assert.equal(r.status, 0, r.stderr);
      const file = join(GOLDEN, `${kit}.${lang}.ets`);
      if (process.env.UPDATE_GOLDEN) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, r.stdout);
      }
      assert.equal(r.stdout, readFileSync(file, 'utf8'), `differs from ${file} (UPDATE_GOLDEN=1 rewrites it; review the diff)`);
    });
  }
}

/** The ArkTS linter DevEco's build runs (ArkTS 1.1 rules), over these files. */
function arktsLint(files: string[]): { file: string; line: number; text: string }[] {
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2021, module: ts.ModuleKind.ESNext, strict: true, noEmit: true, skipLibCheck: true, lib: ['lib.es2021.d.ts'] };
  const host = ts.createIncrementalCompilerHost(options);
  const builder = ts.createEmitAndSemanticDiagnosticsBuilderProgram(files, options, host);
  const lint = (ts as unknown as { ArkTSLinter_1_1: { runArkTSLinter(p: unknown, f: unknown, w: unknown, v: string): ts.Diagnostic[] } }).ArkTSLinter_1_1;
  return lint.runArkTSLinter(builder, undefined, undefined, 'ArkTS_1_1').map((d) => ({
    file: d.file?.fileName ?? '',
    line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
    text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

test('the ArkTS linter finds what DevEco rejects (the linter really runs)', () => {
  const dir = tempDir();
  const bad = join(dir, 'bad.ets');
  writeFileSync(bad, 'let x: any = 1;\nconst o = { a: 1 };\nconst { a } = o;\ninterface I { [k: string]: number }\nexport function f(): number { return a + (x as number); }\n');
  const found = arktsLint([bad]).map((d) => d.text).join('\n');
  for (const rule of ['arkts-no-any-unknown', 'arkts-no-untyped-obj-literals', 'arkts-no-destruct-decls', 'arkts-no-indexed-signatures']) assert.match(found, new RegExp(rule));
});

test('the generated ArkTS package for every kit passes the ArkTS linter with zero diagnostics', () => {
  const reg = readRegistry();
  const dir = join(tempDir(), 'codes');
  for (const lang of ['both', 'zh'] as const) {
    const model = genModel(reg, readLock(LOCK), { lang });
    assert.equal(model.groups.length, reg.kits.length, 'one group per kit');
    writeLayout(dir, arktsLayout(model, renderSource(model, reg, { lang }), 'ohos-error-codes', '1.0.0'));
    const diags = arktsLint([join(dir, 'Index.ets'), join(dir, 'src', 'main', 'ets', 'ErrorCodes.ets')]);
    assert.deepEqual(diags.slice(0, 10), [], `${diags.length} diagnostics`);
  }
});

test('the TypeScript package compiles with strict and works in a program', () => {
  const dir = tempDir();
  const r = cli(['gen', 'ts', '--kit', 'universal-keystore-kit', '--kit', 'Account Kit', '--lang', 'both', '--out', join(dir, 'codes'), '--json']);
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stderr);
  assert.deepEqual(summary.kits, ['universal', 'account-kit', 'universal-keystore-kit']);
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(
    join(dir, 'main.ts'),
    `import { AccountErrorCode, CommonErrorCode, UniversalKeystoreErrorCode, describe, explain, type ErrorInfo } from './codes/index.js';
const err: { code: number; message: string } = { code: 12000011, message: 'The entity does not exist.' };
const a: ErrorInfo | undefined = describe(err, 'en');
const b = explain(AccountErrorCode.ACCOUNT_NOT_LOGGED_IN, 'zh');
const c = explain(CommonErrorCode.PERMISSION_DENIED);
const d = explain(99999999);
const same: boolean = err.code === UniversalKeystoreErrorCode.HUKS_ERR_CODE_ITEM_NOT_EXIST;
console.log(JSON.stringify({ a, b, c, d: d ?? null, same }));
`,
  );
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--strict', '--noUncheckedIndexedAccess', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types'), join(dir, 'main.ts')], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  const run = spawnSync(process.execPath, [join(dir, 'main.js')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal(out.a.kit, 'universal-keystore-kit');
  assert.equal(out.a.name, 'HUKS_ERR_CODE_ITEM_NOT_EXIST');
  assert.match(out.a.title, /Entity Does Not Exist/i);
  assert.equal(out.b.code, 1001502001);
  assert.match(out.b.title, /[\u4e00-\u9fff]/);
  assert.equal(out.c.kit, 'universal');
  assert.equal(out.d, null);
  assert.equal(out.same, true);
});

test('constant names: official where a source gives one, unique in each enum, valid identifiers', () => {
  const reg = readRegistry();
  const model = genModel(reg, readLock(LOCK), { lang: 'en' });
  for (const g of model.groups) {
    const names = g.members.map((m) => m.name);
    assert.equal(new Set(names).size, names.length, `${g.enumName} has duplicate names`);
    for (const n of names) assert.match(n, /^[A-Z][A-Z0-9_]*$/);
  }
  const account = model.groups.find((g) => g.kit === 'account-kit')!;
  assert.equal(account.members.find((m) => m.entry.code === 1001502001)?.name, 'ACCOUNT_NOT_LOGGED_IN');
  // Universal codes once, in the common group.
  const common = new Set(model.groups.find((g) => g.kit === 'universal')!.members.map((m) => m.entry.code));
  for (const g of model.groups.filter((x) => x.kit !== 'universal')) for (const m of g.members) assert.ok(!common.has(m.entry.code), `${g.enumName}.${m.name}`);
});

test('the committed lock names every registry entry and is as the build writes it', () => {
  const reg = readRegistry();
  const text = readFileSync(LOCK, 'utf8');
  const lock = readLock(LOCK);
  assert.equal(assignNames(reg.entries, lock).added, 0, 'entries without a locked name: run npm run build:data');
  assert.equal(formatLock(lock), text);
});

test('locked names never change when the registry is rebuilt with more entries', () => {
  const reg = readRegistry();
  // An older registry: a third of the entries, English titles missing on half of them.
  const older = reg.entries.filter((_, i) => i % 3 === 0).map((e, i) => (i % 2 ? { ...e, title: { zh: e.title.zh ?? e.title.en } } : e));
  const first = assignNames(older, emptyLock()).lock;
  const { lock: second, added } = assignNames(reg.entries, first);
  assert.equal(added, reg.entries.length - older.length);
  for (const [kit, names] of Object.entries(first.kits)) for (const [ref, name] of Object.entries(names)) assert.equal(second.kits[kit][ref], name, ref);
  // An entry that left the registry keeps its name (no other entry takes it).
  const gone = older[0];
  const third = assignNames(reg.entries.filter((e) => entryRef(e) !== entryRef(gone)), second).lock;
  assert.equal(third.kits[gone.kit.id][entryRef(gone)], second.kits[gone.kit.id][entryRef(gone)]);
});

test('build:data extends the lock of an earlier build and changes none of its names', () => {
  const seeds = tempDir();
  copyFileSync(join(FIXTURES, 'demo-kit.html'), join(seeds, 'demo-kit.html'));
  const cfgDir = tempDir();
  const cfg = join(cfgDir, 'kits.yaml');
  writeFileSync(cfg, 'kits:\n  demo-kit: { zh: 演示服务, en: Demo Kit }\n  demo-account-kit: { zh: 演示账号服务, en: Demo Account Kit }\nseeds:\n  demo-kit.html: { kit: demo-kit, page: demo-errors, lang: zh }\n  demo-kit.txt: { kit: demo-kit, page: demo-errors, lang: en }\n');
  const out = tempDir();
  const build = () => spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'build-data.ts'), '--seeds', seeds, '--config', cfg, '--out', out, '--notice', join(out, 'NOTICE')], { encoding: 'utf8' });
  const a = build();
  assert.equal(a.status, 0, a.stderr);
  const before = readLock(join(out, 'names.lock.json'));
  // The English page arrives: new titles would give other names, but locked names stay.
  copyFileSync(join(FIXTURES, 'demo-kit.txt'), join(seeds, 'demo-kit.txt'));
  const b = build();
  assert.equal(b.status, 0, b.stderr);
  const after = readLock(join(out, 'names.lock.json'));
  assert.ok(Object.keys(before.kits).length > 0);
  for (const [kit, names] of Object.entries(before.kits)) for (const [ref, name] of Object.entries(names)) assert.equal(after.kits[kit][ref], name, ref);
});

test('build:data with a broken names lock stops with the file named, exit 2, nothing written', () => {
  const seeds = tempDir();
  copyFileSync(join(FIXTURES, 'demo-kit.html'), join(seeds, 'demo-kit.html'));
  const cfg = join(tempDir(), 'kits.yaml');
  writeFileSync(cfg, 'kits:\n  demo-kit: { zh: 演示服务, en: Demo Kit }\n  demo-account-kit: { zh: 演示账号服务, en: Demo Account Kit }\nseeds:\n  demo-kit.html: { kit: demo-kit, page: demo-errors, lang: zh }\n');
  for (const bad of ['{ "kits": ', '{ "kits": { "demo-kit": { "demo-kit/p/1": "not a name" } } }', '[]']) {
    const out = tempDir();
    writeFileSync(join(out, 'names.lock.json'), bad);
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'build-data.ts'), '--seeds', seeds, '--config', cfg, '--out', out, '--notice', join(out, 'NOTICE')], { encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /names\.lock\.json: /);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.ok(!existsSync(join(out, 'registry.json')) && !existsSync(join(out, 'NOTICE')), 'nothing written');
    assert.equal(readFileSync(join(out, 'names.lock.json'), 'utf8'), bad, 'the lock is left as it was');
  }
});

test('gen CLI: bad kit, foreign output folder and --help are clear', () => {
  const bad = cli(['gen', 'arkts', '--kit', 'universal-keystor']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /no kit "universal-keystor" \(did you mean "universal-keystore-kit"\?\)/);
  assert.equal(cli(['gen', 'java']).status, 2);
  const dir = tempDir();
  writeFileSync(join(dir, 'mine.txt'), 'keep me');
  const r = cli(['gen', 'arkts', '--out', dir]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not empty and was not written by ohos-errors gen/);
  assert.equal(readFileSync(join(dir, 'mine.txt'), 'utf8'), 'keep me');
  // An earlier gen output is replaced.
  const out = join(tempDir(), 'codes');
  assert.equal(cli(['gen', 'arkts', '--kit', 'account-kit', '--out', out]).status, 0);
  assert.equal(cli(['gen', 'arkts', '--kit', 'ads-kit', '--out', out]).status, 0);
  const src = readFileSync(join(out, 'src', 'main', 'ets', 'ErrorCodes.ets'), 'utf8');
  assert.match(src, /export enum AdsErrorCode/);
  assert.doesNotMatch(src, /AccountErrorCode/);
  assert.ok(existsSync(join(out, 'oh-package.json5')));
  // --out naming a file, and a language gen does not have.
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, 'x');
  const onFile = cli(['gen', 'ts', '--kit', 'ads-kit', '--out', file]);
  assert.equal(onFile.status, 2);
  assert.match(onFile.stderr, /exists and is not a directory/);
  assert.equal(readFileSync(file, 'utf8'), 'x');
  const fr = cli(['gen', 'ts', '--lang', 'fr']);
  assert.equal(fr.status, 2);
  assert.match(fr.stderr, /--lang must be zh or en or both/);
  const help = spawnSync(process.execPath, [CLI, 'gen', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--out <dir>/);
});
