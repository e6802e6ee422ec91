/**
 * How `cairn serve` serves the web explorer (server/http/routes/explorer.ts, issue 16), over real
 * HTTP without a browser: the page and its files with a strict CSP, nothing from another origin,
 * the JavaScript budget, and the API beside it unchanged.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createMetrics, createProcessApp, logRouter, serveApp, type RunningHttpServer } from '../../server/http/index.js';
import { EXPLORER_CSP, builtExplorerDir, explorerRoutes } from '../../server/http/routes/explorer.js';
import { newRouter, servePath } from '../../server/http/routing.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** The budget: all the explorer's JavaScript, gzipped. */
const JS_BUDGET_BYTES = 150 * 1024;

describe('the explorer route', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.stop());

  test('GET / answers the HTML page with the strict Content-Security-Policy', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(EXPLORER_CSP).toContain(directive);
    }
    expect(EXPLORER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:|data:/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain('<script type="module" src="ui/explorer.js"></script>');
  });

  test('the page has no inline script or style and loads nothing from another origin', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(1);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="ui\//);
      expect(body).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    for (const [, url] of html.matchAll(/\b(?:src|href)="([^"]*)"/g)) expect(url).toMatch(/^(ui\/|#)/);
  });

  test('GET /ui/explorer.js, /ui/explorer.css and /ui/favicon.svg answer with their types and the CSP', async () => {
    for (const [file, type] of [
      ['explorer.js', 'text/javascript; charset=utf-8'],
      ['explorer.css', 'text/css; charset=utf-8'],
      ['favicon.svg', 'image/svg+xml'],
    ] as const) {
      const res = await fetch(`${server.url}/ui/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });

  test('an unknown file under /ui/ is a 404 problem naming the files there are', async () => {
    const res = await fetch(`${server.url}/ui/app.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).toContain('explorer.js');
  });

  test('POST / is 405 with Allow: GET, HEAD', async () => {
    const res = await fetch(`${server.url}/`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  test('the API beside it is unchanged: /v1/log, /checkpoint, and a 404 problem for an unknown path', async () => {
    const info = await fetch(`${server.url}/v1/log`);
    expect(info.status).toBe(200);
    expect(info.headers.get('content-type')).toMatch(/^application\/json/);
    expect(info.headers.get('content-security-policy')).toBeNull();
    expect(((await info.json()) as { origin: string }).origin).toBe(server.log.origin);
    const cp = await fetch(`${server.url}/checkpoint`);
    expect(cp.status).toBe(200);
    expect(await cp.text()).toMatch(/^test\.example\/log\n\d+\n/);
    const missing = await fetch(`${server.url}/index.html`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  test('a log mounted at /name serves its explorer at /name/ (and /name redirects there)', async () => {
    const metrics = createMetrics();
    const app = createProcessApp([{ prefix: '/audit', router: logRouter(server.log, { metrics }) }], { metrics });
    const http: RunningHttpServer = await serveApp(app, { host: '127.0.0.1', port: 0 });
    try {
      const bare = await fetch(`${http.url}/audit`, { redirect: 'manual' });
      expect(bare.status).toBe(308);
      expect(bare.headers.get('location')).toBe('/audit/');
      const page = await fetch(`${http.url}/audit/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('src="ui/explorer.js"');
      expect((await fetch(`${http.url}/audit/ui/explorer.js`)).status).toBe(200);
      expect((await fetch(`${http.url}/`)).status).toBe(404);
    } finally {
      await http.close();
    }
  });

  test('an explorer that was not built is a 404 problem saying to run npm run build', async () => {
    const router = newRouter();
    for (const [path, handlers] of Object.entries(explorerRoutes({ dir: '/nonexistent/cairn-explorer/' }))) servePath(router, path, handlers);
    const http = await serveApp(createProcessApp([{ prefix: '', router }]), { host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(`${http.url}/`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { detail: string }).detail).toContain('npm run build');
    } finally {
      await http.close();
    }
  });
});

describe('the built explorer', () => {
  test(`its JavaScript is at most ${JS_BUDGET_BYTES / 1024} KB gzipped`, () => {
    const dir = join(builtExplorerDir(), 'ui');
    const js = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.js'));
    expect(js).toEqual(['explorer.js']);
    const gzipped = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
    expect(gzipped).toBeGreaterThan(1024);
    expect(gzipped).toBeLessThanOrEqual(JS_BUDGET_BYTES);
  });
});
