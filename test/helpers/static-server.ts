/**
 * A static file server for tests: serves a folder laid out as a C2SP tlog-tiles log (such as
 * test/vectors/reference-logs/log-70000: `checkpoint`, `tile/...`) over node:http on
 * 127.0.0.1, port 0, the way a CDN or a bucket would. GET and HEAD only; no directory
 * listings; 404 for anything that is not a file under the folder. Every request path is
 * recorded, so a test can check what a client fetched.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';

/** A running static server. */
export interface StaticServer {
  /** The base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  /** The path of every request so far, in order (e.g. `/tile/0/000`). */
  requests: string[];
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Serves the files under `root` on 127.0.0.1, port 0. */
export async function startStaticServer(root: string): Promise<StaticServer> {
  const base = resolve(root);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    const notFound = () => {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolve(join(base, decodeURIComponent(path)));
    if (!file.startsWith(base + sep)) return notFound();
    stat(file).then(
      (info) => {
        if (!info.isFile()) return notFound();
        res.writeHead(200, {
          'Content-Type': path === '/checkpoint' ? 'text/plain; charset=utf-8' : 'application/octet-stream',
          'Content-Length': String(info.size),
        });
        if (req.method === 'HEAD') return res.end();
        createReadStream(file).pipe(res);
      },
      () => notFound(),
    );
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => listening());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((closed) => {
        server.close(() => closed());
        server.closeAllConnections();
      }),
  };
}
