/** Start the HTTP server; stop gracefully on SIGINT / SIGTERM. */
import { createServer, STATUS_CODES, type Server } from 'node:http';
import { isIP } from 'node:net';
import { createApp, SECURITY_HEADERS, type AppOptions } from './app.js';

/** Is this listen address this machine only? */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

export interface ServeOptions extends AppOptions {
  port?: number;
  host?: string;
  /** Install SIGINT/SIGTERM handlers (default true). */
  signals?: boolean;
}

export async function startServer(opts: ServeOptions = {}): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  // On a loopback address, answer only to the names of this machine (DNS-rebinding guard).
  const allowedHosts = opts.allowedHosts ?? (isLoopback(host) ? ['localhost', '127.0.0.1', '[::1]', host.includes(':') && !host.startsWith('[') ? `[${host}]` : host] : undefined);
  const handler = createApp({ ...opts, allowedHosts });
  const server = createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 30_000 }, (req, res) => void handler(req, res));
  // Node's own answers to malformed requests (400, 431 …) get the same security headers.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') return socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify({ error: STATUS_CODES[status], status });
    const headers = Object.entries({ ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' }).map(([k, v]) => `${k}: ${v}`);
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers.join('\r\n')}\r\n\r\n${body}`);
  });
  // `Expect: 100-continue` with a body over the limit: refuse before the client sends it.
  server.on('checkContinue', (req, res) => {
    if (Number(req.headers['content-length'] ?? 0) > (opts.maxBody ?? 5 * 1024 * 1024)) {
      const body = JSON.stringify({ error: 'request body too large', status: 413 });
      res.writeHead(413, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
      res.end(body);
      // A client that sends the body anyway is read to the end (bounded) so it sees the answer.
      let drained = 0;
      req.on('data', (c: Buffer) => {
        drained += c.length;
        if (drained > 64 * 1024 * 1024) req.destroy();
      });
      req.resume();
      return;
    }
    res.writeContinue();
    void handler(req, res);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      // Requests still running get a few seconds to finish.
      setTimeout(() => server.closeAllConnections(), 5_000).unref();
    }));
  if (opts.signals !== false) {
    const stop = (sig: string) => {
      process.stderr.write(`\n${sig}: stopping…\n`);
      void close().then(() => process.exit(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  }
  return { server, url, close };
}
