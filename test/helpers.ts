import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const SHARED = process.env.OHOS_ERRORS_SHARED ?? join(ROOT, '..', 'shared');
export const SEEDS = join(SHARED, 'seeds');
export const DOCS = join(SHARED, 'corpus', 'openharmony-docs');
export const SDK = join(SHARED, 'sdk', 'interface_sdk-js');
export const CLI = join(ROOT, 'dist', 'cli', 'ohos-errors.cjs');

/** Reason to skip a test that needs ../shared, printed so a skip is never silent. */
export function sharedSkip(dir: string): string | false {
  if (existsSync(dir)) return false;
  const why = `${dir} not found: source folders exist only in the development workspace`;
  console.log(`skip: ${why}`);
  return why;
}

export function tempDir(prefix = 'ohos-errors-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], env: Record<string, string | undefined> = {}, input?: string): Run {
  const home = env.OHOS_ERRORS_HOME ?? tempDir('ohos-errors-home-');
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    input,
    env: { PATH: process.env.PATH, LANG: 'en_US.UTF-8', ...env, OHOS_ERRORS_HOME: home },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
