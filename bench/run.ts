/** `npm run bench`: every benchmark, each against a baseline measured in the same run. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coldStart } from './cold-start.js';
import { rebuild } from './rebuild.js';
import { fmt } from './util.js';
import { printSearch, searchBench } from './search.js';
import { apiBench, printApi } from './api.js';
import { memoryBench, printMemory } from './memory.js';
import { printScan, scanBench } from './scan.js';
import { printServe, serveBench } from './serve.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const shared = process.env.OHOS_ERRORS_SHARED ?? join(ROOT, '..', 'shared');

const c = coldStart(Number(process.env.RUNS ?? 15));
console.log(`cold start, median of ${c.runs} (NODE_EXTRA_CA_CERTS unset):`);
console.log(`  node -e 0                 ${fmt(c.floorMs)}   (baseline)`);
console.log(`  ohos-errors 12000011      ${fmt(c.lookupMs)}   ${c.ratio.toFixed(2)}x   (target <= 1.3x)`);
console.log(`  ohos-errors 12000099      ${fmt(c.missMs)}   ${c.missRatio.toFixed(2)}x   (not found + nearest codes)`);
console.log(`  ohos-errors api RdbStore.insert ${fmt(c.apiMs)}   ${c.apiRatio.toFixed(2)}x   (loads the API index)`);

const r = rebuild(join(shared, 'seeds'), join(shared, 'corpus', 'openharmony-docs'), join(shared, 'sdk', 'interface_sdk-js'));
if (r) console.log(`registry rebuild (seeds + corpus${r.sdk ? ' + SDK' : ''}), median of ${r.runs}: ${(r.medianMs / 1000).toFixed(2)} s for ${r.entries} entries (target <= ${r.sdk ? 15 : 5} s); byte-identical across runs: ${r.deterministic}`);
else console.log('registry rebuild: skipped, source folders not found');

printApi(apiBench());
printSearch(searchBench());
printScan(await scanBench());
printServe(await serveBench());
printMemory(await memoryBench());
