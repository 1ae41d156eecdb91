/** `ohos-errors serve` as a child process (its own RSS, its own event loop), for tests and benchmarks. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(fileURLToPath(new URL('..', import.meta.url)), 'dist', 'cli', 'ohos-errors.cjs');

export interface ServeProcess {
  process: ChildProcessWithoutNullStreams;
  url: string;
  /** Everything the server wrote to stderr so far. */
  stderr: () => string;
  /** Resident memory now, MB (Linux /proc). */
  rssMb: () => number;
  stop: () => void;
}

export async function spawnServe(args: string[] = [], env: NodeJS.ProcessEnv = { PATH: process.env.PATH }): Promise<ServeProcess> {
  const p = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { env });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    p.stderr.on('data', (d) => {
      err += d;
      const m = /serving on (\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    p.on('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
  });
  return {
    process: p,
    url,
    stderr: () => err,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))![1]) / 1024,
    stop: () => void p.kill('SIGTERM'),
  };
}

/** GET `n` URLs, 50 at a time (compression accepted, as a browser would). */
export async function getMany(n: number, url: (i: number) => string): Promise<void> {
  const get = (u: string) => fetch(u, { headers: { 'accept-encoding': 'gzip, br' } }).then((r) => r.text());
  for (let i = 0; i < n; i += 50) await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) => get(url(i + k))));
}
