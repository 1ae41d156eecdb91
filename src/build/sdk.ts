/**
 * Read an SDK declarations folder (`interface_sdk-js`: `api/`, `arkts/`, `kits/`) into SDK files
 * with their kit: the file's `@kit` tag, else the `kits/@kit.X.d.ts` file that re-exports it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { moduleOf, readSdk } from '../readers/sdk.js';
import type { SdkFile } from '../merge/apis.js';
import type { BuildConfig } from './config.js';
import type { DiagnosticRecord, KitRef, SourceSet } from '../registry/types.js';
import { UserError } from '../util/errors.js';
import { sdkKitRef } from '../registry/sdk-kits.js';

const DECL = /\.d\.e?ts$/i;

/** Declaration files below `dir` (no recursion: an explicit stack), sorted; more than `max` is an error. */
export function declarationFiles(dir: string, max = Infinity): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) stack.push(p);
      else if (DECL.test(name)) {
        out.push(p);
        if (out.length > max) throw new UserError(`${dir}: more than ${max} declaration files; import a smaller folder`);
      }
    }
  }
  return out.sort();
}

/** The registry kit of an SDK kit name, with the build's kit names and `sdk_kits:` mapping. */
export function kitResolver(config: BuildConfig): (sdkKit: string) => KitRef {
  const kits = Object.entries(config.kits).map(([id, name]) => ({ id, name }));
  return (sdkKit: string) => sdkKitRef(sdkKit, kits, config.sdkKits);
}

export interface SdkRead {
  files: SdkFile[];
  diagnostics: DiagnosticRecord[];
  source: SourceSet;
}

export function readSdkDir(dir: string, config: BuildConfig, commit?: string): SdkRead {
  const paths = declarationFiles(dir);
  const kitOf = kitResolver(config);
  const diagnostics: DiagnosticRecord[] = [];
  const read = paths.map((p) => {
    const rel = relative(dir, p).split(sep).join('/');
    const result = readSdk(readFileSync(p, 'utf8'), { file: `sdk/${rel}` });
    diagnostics.push(...result.diagnostics);
    return { rel, result };
  });
  // kits/@kit.X.d.ts re-exports modules: module → kit.
  const moduleKit = new Map<string, string>();
  for (const { rel, result } of read) {
    if (!rel.startsWith('kits/')) continue;
    const kit = moduleOf(rel).replace(/^@kit\./, '');
    for (const m of result.reexports) if (!moduleKit.has(moduleOf(m))) moduleKit.set(moduleOf(m), kit);
  }
  const files: SdkFile[] = [];
  for (const { rel, result } of read) {
    if (rel.startsWith('kits/')) continue;
    const kitName = result.kit ?? moduleKit.get(result.module);
    files.push({ file: `sdk/${rel}`, ...(kitName ? { kit: kitOf(kitName) } : {}), result });
    if (!kitName && result.decls.some((d) => d.throws.length)) {
      diagnostics.push({ file: `sdk/${rel}`, kind: 'sdk-no-kit', message: `module ${result.module} has no @kit tag and no kits/ file re-exports it; its SDK-only codes go to the "sdk" kit`, severity: 'notice' });
    }
  }
  return {
    files,
    diagnostics,
    source: {
      id: 'openharmony-sdk',
      description: 'OpenHarmony ArkTS SDK declarations (interface_sdk-js): api/, arkts/, kits/',
      license: 'Apache-2.0',
      files: [{ path: 'interface_sdk-js', lang: 'en', ...(commit ? { commit } : {}), origin: 'https://gitee.com/openharmony/interface_sdk-js' }],
    },
  };
}

/** The commit named in the SDK folder's README (`commit \`<40 hex>\``), if any. */
export function sdkCommit(dir: string): string | undefined {
  for (const p of [join(dir, 'README.md'), join(dir, '..', 'README.md')]) {
    if (!existsSync(p)) continue;
    const m = /\b([0-9a-f]{40})\b/.exec(readFileSync(p, 'utf8'));
    if (m) return m[1];
  }
  return undefined;
}
