/**
 * A worker thread of `cairn verify-bundle`: checks batches of events.ndjson lines
 * (client/bundle checkEventLine) against the key and checkpoint it was started with, and
 * answers each batch's results in order. The command applies them to its BundleVerifier in file
 * order, so the checks are the browser library's; only the receipts' signatures, hashes and
 * proofs run on several cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { bundleKey, checkEventLine } from '../../client/bundle/index.js';
import { installNodeSha256 } from '../fast-hash.js';

if (parentPort === null) throw new Error('verify-bundle-worker.ts runs only as a worker thread');
const port = parentPort;
installNodeSha256();
const context = workerData as { verifierKey: string; checkpoint: { treeSize: number; rootHash: Uint8Array } | undefined };
const key = bundleKey(context.verifierKey);
port.on('message', ({ id, lines }: { id: number; lines: string[] }) => {
  port.postMessage({ id, checks: lines.map((line) => checkEventLine(line, key, context.checkpoint)) });
});
