/**
 * Load test of `ohos-errors serve` with autocannon, next to a bare Node `http` server answering a
 * fixed JSON body, in the same run. Each server runs in its own process; 64 connections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cleanEnv } from './util.js';
import { lookup } from '../src/lookup/lookup.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'ohos-errors.cjs');

function start(args: string[], pattern: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const on = (d: Buffer) => {
      out += d;
      const m = pattern.exec(out);
      if (m) resolve({ child, url: m[1] });
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)));
  });
}

async function load(url: string, paths: string[], seconds: number) {
  const r = await autocannon({
    url,
    connections: 64,
    duration: seconds,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

export async function serveBench(seconds = Number(process.env.SECONDS ?? 8)) {
  // The fixed JSON is a real answer (the entries of 12000011), so both servers send a body of the same kind and size.
  const body = JSON.stringify(lookup(12000011, { overlay: false }));
  const bare = await start(
    ['-e', `const h=require('http');const b=${JSON.stringify(body)};h.createServer((q,s)=>{s.setHeader('content-type','application/json');s.end(b)}).listen(0,'127.0.0.1',function(){console.log('listening http://127.0.0.1:'+this.address().port)})`],
    /listening (http:\/\/\S+)/,
  );
  const app = await start([CLI, 'serve', '--port', '0'], /serving on (http:\/\/\S+)/);
  try {
    const codes = [12000011, 401, 201, 12000004, 1001502001, 2300006, 16000001, 13900002, 14800011, 62980100];
    const queries = ['密钥别名不存在', 'key alias not found', '图片没有主体', 'permission denied', '网络超时', 'database corrupted', 'bluetooth off', '文件不存在'];
    await load(app.url, ['/api/codes/401'], 1); // warm up
    const baseline = await load(bare.url, ['/'], seconds);
    const codesRun = await load(app.url, codes.map((c) => `/api/codes/${c}`), seconds);
    const searchRun = await load(app.url, queries.map((q) => `/api/search?q=${encodeURIComponent(q)}`), seconds);
    return { seconds, baseline, codes: codesRun, search: searchRun };
  } finally {
    bare.child.kill();
    app.child.kill();
  }
}

export function printServe(r: Awaited<ReturnType<typeof serveBench>>) {
  const line = (name: string, x: { rps: number; p50: number; p99: number; errors: number }) =>
    `  ${name.padEnd(22)} ${x.rps.toFixed(0).padStart(7)} req/s   p50 ${x.p50} ms   p99 ${x.p99} ms   errors ${x.errors}`;
  console.log(`HTTP load, autocannon, 64 connections, ${r.seconds} s each (servers in their own processes; the bare server answers the JSON of /api/codes/12000011):`);
  console.log(line('bare node http (base)', r.baseline));
  console.log(line('/api/codes/:code', r.codes) + `   ${(r.codes.rps / r.baseline.rps).toFixed(2)}x bare (target >= 0.6x, p99 <= 20 ms, 0 errors)`);
  console.log(line('/api/search', r.search) + `   ${(r.search.rps / r.baseline.rps).toFixed(2)}x bare`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printServe(await serveBench());
