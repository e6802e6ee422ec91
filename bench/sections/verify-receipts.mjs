/**
 * Receipt verification in the client: `verifyReceipt` of the browser-safe client (noble SHA-256
 * and Ed25519, as an app or a browser runs it) on receipts the server returned over HTTP, each
 * given as the JSON text the client received. Each call parses the receipt, checks the leaf hash,
 * the checkpoint's Ed25519 signature, the inclusion proof and the payload commitment. Beside it,
 * `verifyCheckpoint` alone (the signature check), to show what dominates.
 *
 * The client memoizes successful Ed25519 verifications by every byte of (key, signature,
 * message) (proofs/ed25519.ts): the receipts of one round share their checkpoint note. So the
 * first pass (each receipt once, each distinct checkpoint verified once) and the repeated loop
 * (every signature already memoized) are reported apart.
 *
 * Every receipt must verify (the section fails otherwise): this doubles as a check that the
 * receipts measured in the HTTP figures were valid.
 *
 * Params: {receiptsFile (JSON array of receipt texts), verifierKey, durationMs}
 */
import { readFileSync } from 'node:fs';
import { reportResult, sectionParams } from '../lib/child.mjs';
import { distUrl } from '../lib/paths.mjs';

const p = sectionParams();
const client = await import(distUrl('client/index.js'));
const receipts = JSON.parse(readFileSync(p.receiptsFile, 'utf8'));
if (receipts.length === 0) throw new Error('no receipts to verify');
const key = client.parseVerifierKey(p.verifierKey);

// Every receipt once, all must pass: the first pass, each distinct signature checked once.
const first = performance.now();
for (const text of receipts) client.verifyReceipt(text, p.verifierKey);
const firstPassPerSec = receipts.length / ((performance.now() - first) / 1000);

function rate(fn) {
  let n = 0;
  const t0 = performance.now();
  const end = t0 + p.durationMs;
  while (performance.now() < end) {
    for (let k = 0; k < 20; k++) fn(n++);
  }
  return n / ((performance.now() - t0) / 1000);
}
const receiptsPerSec = rate((i) => client.verifyReceipt(receipts[i % receipts.length], p.verifierKey));
const checkpoints = receipts.map((t) => client.parseTlogProof(JSON.parse(t).proof).checkpoint);
const checkpointsPerSec = rate((i) => client.verifyCheckpoint(checkpoints[i % checkpoints.length], key));
reportResult({ receipts: receipts.length, distinctCheckpoints: new Set(checkpoints).size, firstPassPerSec, receiptsPerSec, checkpointsPerSec });
