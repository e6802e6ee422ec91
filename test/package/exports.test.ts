/**
 * `cairn/client` as an application gets it (SPEC §8): the built package, reached through the
 * package.json `exports` map by a real Node process (package self-reference), verifies a
 * receipt made by this test, and ships type declarations.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { decodeBase64, encodeBase64 } from '../../proofs/index.js';
import { makeTestLog } from '../proofs/receipt-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

// Runs in a child process inside the repository, as ESM. Reads {receipt, tampered, vkey} as JSON
// on stdin and prints what `cairn/client` made of them.
const CONSUMER = `
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { receipt, tampered, vkey } = JSON.parse(input);
const client = await import('cairn/client');
const v = client.verifyReceipt(JSON.stringify(receipt), vkey);
const out = {
  resolved: import.meta.resolve('cairn/client'),
  exports: Object.keys(client).sort(),
  index: v.index,
  treeSize: v.treeSize,
  payload: new TextDecoder().decode(v.payload),
  submitter: v.entry.submitter,
  timestamp: client.formatTimestamp(v.entry.timestamp),
  origin: v.checkpoint.origin,
};
try {
  client.verifyReceipt(tampered, vkey);
  out.tampered = 'accepted';
} catch (e) {
  out.tampered = e instanceof client.VerificationError ? e.code : 'not a VerificationError: ' + e;
}
process.stdout.write(JSON.stringify(out));
`;

describe('the built cairn/client package', () => {
  beforeAll(() => {
    // jest's globalSetup (test/global-setup.js) built dist/ once for the whole run.
    const status = readFileSync(path.join(ROOT, 'dist', '.build-status'), 'utf8');
    if (status !== 'ok') throw new Error(`the package cannot be published: ${status}`);
  });

  test('dist/client/index.d.ts exists and declares the verifiers', () => {
    const dts = path.join(ROOT, 'dist', 'client', 'index.d.ts');
    expect(existsSync(dts)).toBe(true);
    const text = readFileSync(dts, 'utf8');
    for (const name of ['verifyReceipt', 'verifyCheckpoint', 'verifyInclusion', 'verifyConsistency', 'leafHash', 'parseVerifierKey', 'VerificationError']) {
      expect(text).toContain(name);
    }
  });

  test("a Node process imports 'cairn/client' through package.json exports and verifies a receipt", () => {
    const log = makeTestLog(21, 11);
    const receipt = log.receipt(15);
    const tampered = { ...receipt, payload: encodeBase64(decodeBase64(receipt.payload).map((b, i) => (i === 0 ? b ^ 1 : b))) };
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', CONSUMER], {
      cwd: ROOT,
      input: JSON.stringify({ receipt, tampered, vkey: log.verifierKey }),
      encoding: 'utf8',
      // Run the built code as plain Node, without the test runner's VM module flags.
      env: { ...process.env, NODE_OPTIONS: '' },
      timeout: 60_000,
    });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out['resolved']).toBe(pathToFileURL(path.join(ROOT, 'dist', 'client', 'index.js')).href);
    expect(out['index']).toBe(15);
    expect(out['treeSize']).toBe(21);
    expect(out['payload']).toBe(new TextDecoder().decode(log.payloads[15]));
    expect(out['submitter']).toBe(log.entries[15]!.submitter);
    expect(out['timestamp']).toBe(receipt.timestamp);
    expect(out['origin']).toBe(log.key.name);
    expect(out['tampered']).toBe('COMMITMENT_MISMATCH');
    expect(out['exports']).toEqual(
      expect.arrayContaining([
        'verifyCheckpoint',
        'verifyInclusion',
        'verifyConsistency',
        'verifyReceipt',
        'leafHash',
        'parseVerifierKey',
        'VerificationError',
      ]),
    );
  });
});
