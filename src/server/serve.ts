/** Start the HTTP server; stop gracefully on SIGINT / SIGTERM. */
import { createServer, type Server } from 'node:http';
import { createApp, type AppOptions } from './app.js';

export interface ServeOptions extends AppOptions {
  port?: number;
  host?: string;
  /** Install SIGINT/SIGTERM handlers (default true). */
  signals?: boolean;
}

export async function startServer(opts: ServeOptions = {}): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const handler = createApp(opts);
  const server = createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 30_000 }, (req, res) => void handler(req, res));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const host = opts.host ?? '127.0.0.1';
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
