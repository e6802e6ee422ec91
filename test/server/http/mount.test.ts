/**
 * Many logs in one process: each log's router mounted at its own prefix on one process app
 * (server/http/app.ts `createProcessApp` + `logRouter`), served by a real HTTP server on
 * 127.0.0.1. Each prefix serves its own log; the root serves none.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { verifyReceipt, type ReceiptJson } from '../../../proofs/index.js';
import { CairnLog } from '../../../server/cairn-log.js';
import { createMetrics, createProcessApp, logRouter, serveApp, type RunningHttpServer } from '../../../server/http/index.js';
import { TempDirs } from '../../helpers/temp-dir.js';
import { bearer, expectProblem } from './http-utils.js';

const temp = new TempDirs();
const logs: CairnLog[] = [];
let server: RunningHttpServer;
let url: string;

beforeAll(async () => {
  for (const name of ['alpha', 'beta']) logs.push(await CairnLog.open({ dataDir: await temp.make(`cairn-mount-${name}-`), origin: `mount.test/${name}` }));
  const app = createProcessApp([
    { prefix: '/alpha', router: logRouter(logs[0]!, { metrics: createMetrics() }) },
    // A log with its own policy: reads need a reader token.
    { prefix: '/logs/beta', router: logRouter(logs[1]!, { metrics: createMetrics(), policy: { requireReaderForReads: true } }) },
  ]);
  server = await serveApp(app, { host: '127.0.0.1', port: 0 });
  url = server.url;
});

afterAll(async () => {
  await server.close();
  for (const log of logs) await log.close();
  await temp.cleanup();
});

describe('a log router mounted at a prefix', () => {
  test('serves its own /checkpoint there', async () => {
    const res = await fetch(`${url}/alpha/checkpoint`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(logs[0]!.checkpoint.note);
  });

  test('takes an append there, with a Location under the prefix and a receipt that verifies', async () => {
    const res = await fetch(`${url}/alpha/v1/entries`, {
      method: 'POST',
      headers: { ...bearer(logs[0]!.firstStart!.token), 'content-type': 'text/plain' },
      body: 'mounted',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/alpha/v1/entries/0');
    const receipt = (await res.json()) as ReceiptJson;
    expect(verifyReceipt(receipt, logs[0]!.verifierKey).index).toBe(0);
    const cp = await fetch(`${url}/alpha/checkpoint`);
    expect(await cp.text()).toContain('\n1\n');
    // The other log did not move.
    expect(logs[1]!.checkpoint.treeSize).toBe(0);
  });

  test('a second log at a deeper prefix keeps its own policy and tokens', async () => {
    await expectProblem(await fetch(`${url}/logs/beta/checkpoint`), 401, 'UNAUTHENTICATED');
    const reader = (await logs[1]!.credentials.add('auditor', 'reader')).token;
    const res = await fetch(`${url}/logs/beta/checkpoint`, { headers: bearer(reader) });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^mount\.test\/beta\n0\n/);
    // alpha's writer token means nothing to beta.
    const wrong = await fetch(`${url}/logs/beta/v1/entries`, { method: 'POST', headers: bearer(logs[0]!.firstStart!.token), body: 'x' });
    await expectProblem(wrong, 401, 'UNAUTHENTICATED');
  });

  test('the root and unknown prefixes serve no log: 404 problems', async () => {
    await expectProblem(await fetch(`${url}/checkpoint`), 404, 'NOT_FOUND');
    await expectProblem(await fetch(`${url}/gamma/checkpoint`), 404, 'NOT_FOUND');
  });

  test('refuses two logs at one prefix and a malformed prefix', () => {
    const router = logRouter(logs[0]!, { metrics: createMetrics() });
    expect(() =>
      createProcessApp([
        { prefix: '/x', router },
        { prefix: '/x', router },
      ]),
    ).toThrow(/two logs/);
    expect(() => createProcessApp([{ prefix: 'x/', router }])).toThrow(/prefix/);
  });
});
