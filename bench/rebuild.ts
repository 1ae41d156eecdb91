/** Full registry rebuild (seeds + OpenHarmony corpus + SDK declarations) in-process: median of N runs, plus determinism. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/build/config.js';
import { buildRegistry } from '../src/build/build.js';
import { registryFiles } from '../src/registry/store.js';
import { median } from './util.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function rebuild(seeds: string, docs: string, sdk?: string, runs = 3) {
  if (!existsSync(seeds) || !existsSync(docs)) return undefined;
  const sdkDir = sdk && existsSync(sdk) ? sdk : undefined;
  const config = loadConfig(join(ROOT, 'data', 'kits.yaml'));
  const times: number[] = [];
  const outputs = new Set<string>();
  let entries = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const reg = buildRegistry({ config, seedsDir: seeds, docsDir: docs, sdkDir });
    times.push(performance.now() - t);
    const f = registryFiles(reg);
    outputs.add(f['registry.json'] + f['apis.json']);
    entries = reg.entries.length;
  }
  return { runs, medianMs: median(times), entries, sdk: !!sdkDir, deterministic: outputs.size === 1 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const shared = process.env.OHOS_ERRORS_SHARED ?? join(ROOT, '..', 'shared');
  const r = rebuild(join(shared, 'seeds'), join(shared, 'corpus', 'openharmony-docs'), join(shared, 'sdk', 'interface_sdk-js'));
  console.log(r ? `rebuild${r.sdk ? ' with the SDK' : ''} (median of ${r.runs}): ${(r.medianMs / 1000).toFixed(2)} s for ${r.entries} entries; deterministic: ${r.deterministic}` : 'rebuild: skipped (source folders not found)');
}
