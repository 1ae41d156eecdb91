/**
 * Rebuild the committed registry from source folders:
 *   npm run build:data -- --seeds ../shared/seeds --docs ../shared/corpus/openharmony-docs
 * Reads data/kits.yaml (reviewed human decisions), validates against the schema, and writes
 * data/registry.json, data/index.json, data/codes/*.json and NOTICE, and extends data/names.lock.json
 * (constant names of generated code: new entries get a name, existing names never change). Fails (exit 1) on any
 * unexplained error-level diagnostic or schema violation, writing nothing.
 */
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/build/config.js';
import { buildRegistry } from '../src/build/build.js';
import { validateRegistry } from '../src/registry/validate.js';
import { writeRegistry } from '../src/registry/store.js';
import { writeNotice } from '../src/build/notice.js';
import { isUserError } from '../src/util/errors.js';
import { assignNames, readLock, writeLock } from '../src/gen/names.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function main(): number {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string' },
      docs: { type: 'string' },
      sdk: { type: 'string' },
      config: { type: 'string', default: join(root, 'data', 'kits.yaml') },
      out: { type: 'string', default: join(root, 'data') },
      notice: { type: 'string', default: join(root, 'NOTICE') },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (!values.seeds && !values.docs)) {
    console.log('usage: npm run build:data -- --seeds <dir> --docs <dir> [--sdk <interface_sdk-js dir>] [--config data/kits.yaml] [--out data]');
    return values.help ? 0 : 2;
  }
  const config = loadConfig(values.config!);
  const tty = process.stderr.isTTY;
  const started = process.hrtime.bigint();
  const reg = buildRegistry({
    config,
    seedsDir: values.seeds && resolve(values.seeds),
    docsDir: values.docs && resolve(values.docs),
    sdkDir: values.sdk && resolve(values.sdk),
    onProgress: tty ? (d, t) => process.stderr.write(`\rreading ${d}/${t} pages`) : undefined,
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const ms = Number(process.hrtime.bigint() - started) / 1e6;

  const unexplained = reg.diagnostics.filter((d) => d.severity === 'error' && !d.explained);
  for (const d of unexplained) console.error(`${d.file}${d.line ? ':' + d.line : ''}${d.section ? ` [${d.section}]` : ''}: ${d.kind}: ${d.message}`);
  if (unexplained.length) {
    console.error(`build failed: ${unexplained.length} unexplained diagnostic(s); fix the reader or explain them in data/kits.yaml. Nothing was written.`);
    return 1;
  }
  const problems = validateRegistry(reg);
  if (problems.length) {
    for (const p of problems) console.error(`schema: ${p}`);
    console.error('build failed: the registry does not match src/registry/schema.json. Nothing was written.');
    return 1;
  }
  // Constant names for `gen`: new entries get theirs; names already locked never change. The lock
  // is read before anything is written: a broken lock stops the build with nothing changed.
  const lockPath = join(resolve(values.out!), 'names.lock.json');
  const { lock, added } = assignNames(reg.entries, readLock(lockPath));
  writeRegistry(reg, resolve(values.out!));
  writeNotice(reg, values.notice!);
  writeLock(lockPath, lock);
  const s = reg.stats;
  console.log(
    `registry ${reg.dataVersion}: ${s.entries} entries, ${s.kits} kits, ${s.pages} pages; zh ${s.withZh}, en ${s.withEn}, both ${s.withBoth}; ` +
      `pairing ${(s.pairing.ratio * 100).toFixed(2)}% (${s.pairing.paired}/${s.pairing.inBoth} codes in both languages; ${s.pairing.zhOnly} zh-only, ${s.pairing.enOnly} en-only); conflicts ${s.conflicts}; ` +
      `diagnostics ${s.diagnostics.errors} unexplained, ${s.diagnostics.explained} explained, ${s.diagnostics.notices} notices; ` +
      (s.sdk ? `sdk: ${s.sdk.apis} APIs, ${s.sdk.throws} @throws, ${s.sdk.codes} codes, ${s.sdk.sdkOnly} SDK-only entries; ` : '') +
      `names: ${added} new in data/names.lock.json; ${ms.toFixed(0)} ms`,
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  if (isUserError(e)) {
    console.error(`build-data: ${e.message}`);
    process.exitCode = 2;
  } else throw e;
}
