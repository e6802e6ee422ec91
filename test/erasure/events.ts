/** Shared by the erasure tests: audit events appended over real HTTP. */
import { expect } from '@jest/globals';
import type { ReceiptJson } from '../../client/index.js';
import type { TestServer } from '../helpers/server.js';

/** Appends one login event per actor with the server's writer token (201 each); their receipts, in order. */
export async function appendLogins(s: TestServer, actors: readonly string[]): Promise<ReceiptJson[]> {
  const receipts: ReceiptJson[] = [];
  for (const actor of actors) {
    const r = await fetch(`${s.url}/v1/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.writerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ actor, action: 'login', target: 'app', outcome: 'success' }),
    });
    expect(r.status).toBe(201);
    receipts.push((await r.json()) as ReceiptJson);
  }
  return receipts;
}
