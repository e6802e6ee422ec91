/**
 * The web explorer (issue 16): `GET /` answers its HTML page and `GET /ui/<file>` its script and
 * stylesheet, built by scripts/build-explorer.js into dist/explorer/. The page only calls this
 * log's own API, relative to where it is mounted, and verifies every answer in the browser.
 *
 * Every answer carries a strict Content-Security-Policy: the page runs only its own script file
 * (no inline script or style, no eval), loads nothing from another origin, and cannot be framed.
 * The files are public code, so no reader token is needed for them (the API calls need one where
 * the log requires it).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RequestHandler } from 'express';
import { ServerError } from '../../errors.js';
import type { RouteTable } from './route-table.js';

/** The Content-Security-Policy of the explorer's page and assets. */
export const EXPLORER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The files under /ui/ and their media types. */
const ASSETS: Readonly<Record<string, string>> = {
  'explorer.js': 'text/javascript; charset=utf-8',
  'explorer.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/**
 * Where the built explorer is: dist/explorer/. This module runs from dist/server/http/routes/
 * (the built server) or from server/http/routes/ (tests run the sources), so look from both.
 */
export function builtExplorerDir(): string {
  const up = fileURLToPath(new URL('../../../', import.meta.url));
  return up.replace(/[\\/]$/, '').endsWith('dist') ? `${up}explorer/` : `${up}dist/explorer/`;
}

/** Options of explorerRoutes. */
export interface ExplorerRouteOptions {
  /** The folder of the built explorer (default builtExplorerDir()). */
  dir?: string;
}

/** The routes of the explorer: `/` (the page) and `/ui/:file` (its script, stylesheet and icon). */
export function explorerRoutes(options: ExplorerRouteOptions = {}): RouteTable {
  const dir = options.dir ?? builtExplorerDir();

  const send = async (res: Parameters<RequestHandler>[1], file: string, type: string): Promise<void> => {
    let body: Buffer;
    try {
      body = await readFile(dir + file);
    } catch {
      throw new ServerError(
        'NOT_FOUND',
        `The explorer is not built (${file} is missing): run \`npm run build\` in the checkout, or use the CLI (cairn verify).`,
      );
    }
    res.set('Content-Type', type);
    res.set('Content-Security-Policy', EXPLORER_CSP);
    res.set('Referrer-Policy', 'no-referrer');
    res.set('X-Frame-Options', 'DENY');
    res.set('Cross-Origin-Opener-Policy', 'same-origin');
    // A rebuilt explorer must reach browsers at once; the files are small.
    res.set('Cache-Control', 'no-cache');
    res.send(body);
  };

  const page: RequestHandler = async (req, res) => {
    // Mounted at /name the page must be /name/, so that its relative URLs (ui/..., v1/...)
    // stay under the log's prefix.
    const path = req.originalUrl.split('?')[0] ?? '/';
    if (!path.endsWith('/')) {
      res.redirect(308, `${path}/`);
      return;
    }
    await send(res, 'index.html', 'text/html; charset=utf-8');
  };

  const asset: RequestHandler = async (req, res) => {
    const file = String(req.params['file']);
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (type === undefined) {
      throw new ServerError('NOT_FOUND', `The explorer has no file ${JSON.stringify(file)}; its files are ${Object.keys(ASSETS).join(', ')}.`);
    }
    await send(res, `ui/${file}`, type);
  };

  return {
    '/': { get: [page] },
    '/ui/:file': { get: [asset] },
  };
}
