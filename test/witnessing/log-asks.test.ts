/**
 * The log asks its witnesses (issue 12 parts 3-4), with real processes: two `cairn witness`,
 * quorum 2 (`group wits all w1 w2`), `cairn serve --witness-policy --witness-enforce`.
 * The tests run in order on one log: cosigned by both; an outage; the witness back; the 409
 * size-learning path after a log restart; receipts upgraded with ?witnessed=1 and verified with
 * the policy (library and `cairn verify --policy`).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWitnessPolicy, verifyCheckpoint, verifyReceipt, type ReceiptJson, type WitnessPolicy } from '../../proofs/index.js';
import { killAllServers, runCairn, type ServerProcess } from '../helpers/cli.js';
import { TempDirs } from '../helpers/temp-dir.js';
import {
  appendEvents,
  freePort,
  killWitnesses,
  makeLogIdentity,
  startWitness,
  startWitnessedLog,
  waitForRound,
  writePolicy,
  type LogIdentity,
  type WitnessRun,
} from './witnessing-fixture.js';

const dirs = new TempDirs();
let log: LogIdentity;
let w1: WitnessRun;
let w2: WitnessRun;
let policy: WitnessPolicy;
let policyFile: string;
let dataDir: string;
let server: ServerProcess;
let token: string;
/** The first witnessed size, for --previous. */
let firstWitnessed = 0;

async function text(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

async function treeSizeOf(s: ServerProcess): Promise<number> {
  const info = (await (await fetch(`${s.url}/v1/log`)).json()) as { treeSize: number };
  return info.treeSize;
}

beforeAll(async () => {
  const root = await dirs.make('cairn-witnessing-');
  log = await makeLogIdentity(root);
  [w1, w2] = await Promise.all([
    startWitness({ name: 'w1.example', dataDir: join(root, 'w1'), keyFile: join(root, 'w1.key'), port: await freePort(), logs: [log.verifierKey] }),
    startWitness({ name: 'w2.example', dataDir: join(root, 'w2'), keyFile: join(root, 'w2.key'), port: await freePort(), logs: [log.verifierKey] }),
  ]);
  policyFile = join(root, 'policy.txt');
  policy = parseWitnessPolicy(await writePolicy(policyFile, log, [w1, w2], 'all'));
  dataDir = join(root, 'log');
  server = await startWitnessedLog(dataDir, log, ['--witness-policy', policyFile, '--witness-enforce', '--witness-interval-ms', '20']);
  token = server.token!;
});

afterAll(async () => {
  await killAllServers();
  await killWitnesses();
  await dirs.cleanup();
});

describe('two witnesses, quorum 2, --witness-enforce', () => {
  test('every checkpoint /checkpoint publishes is cosigned by both witnesses', async () => {
    const seen = new Map<number, string>();
    // Until the first checkpoint is witnessed, /checkpoint is 503 under enforce (serve-flags.test.ts).
    await waitForRound(server, (l) => typeof l['witnessedSize'] === 'number');
    for (let round = 0; round < 4; round++) {
      await appendEvents(server, token, 3, `r${round}`);
      const size = await treeSizeOf(server);
      // Fetched before the loop caught up: still a checkpoint both witnesses cosigned.
      const early = await text(`${server.url}/checkpoint`);
      expect((verifyCheckpoint(early.body, log.verifierKey, { policy }).cosignatures ?? []).map((c) => c.witness).sort()).toEqual(['w1.example', 'w2.example']);
      await waitForRound(server, (l) => l['witnessedSize'] === size);
      const { status, body } = await text(`${server.url}/checkpoint`);
      expect(status).toBe(200);
      seen.set(size, body);
    }
    expect(seen.size).toBe(4);
    firstWitnessed = [...seen.keys()][0]!;
    for (const [size, note] of seen) {
      const checked = verifyCheckpoint(note, log.verifierKey, { policy });
      expect(checked.treeSize).toBe(size);
      expect((checked.cosignatures ?? []).map((c) => c.witness).sort()).toEqual(['w1.example', 'w2.example']);
    }
    const info = (await (await fetch(`${server.url}/v1/log`)).json()) as { treeSize: number; witnessedSize: number };
    expect(info.witnessedSize).toBe(info.treeSize);
    // The note at a size carries its cosignatures too.
    const atSize = await text(`${server.url}/v1/checkpoints/${info.treeSize}`);
    expect(verifyCheckpoint(JSON.parse(atSize.body).checkpoint as string, log.verifierKey, { policy }).cosignatures).toHaveLength(2);
    // Per-witness metrics: 200 answers and the last cosigned size.
    const metrics = (await text(`${server.url}/metrics`)).body;
    expect(metrics).toMatch(new RegExp(`cairn_witness_cosigned_size\\{witness="w1.example"\\} ${info.treeSize}`));
    expect(metrics).toMatch(/cairn_witness_requests_total\{witness="w2.example",status="200"\} [1-9]/);
    expect(metrics).toMatch(new RegExp(`cairn_witnessed_size ${info.treeSize}`));
  });

  test('a witness outage: appends still answer 201, /checkpoint stays at the last witnessed one, and it recovers', async () => {
    const before = await treeSizeOf(server);
    const witnessedNote = (await text(`${server.url}/checkpoint`)).body;
    await w2.kill();
    const receipts = await appendEvents(server, token, 4, 'outage');
    expect(receipts).toHaveLength(4);
    const grown = await treeSizeOf(server);
    expect(grown).toBe(before + 4);
    // A round at the new size that only w1 cosigned (w2 is down) ...
    await waitForRound(server, (l) => l['treeSize'] === grown && JSON.stringify(l['cosigned']) === '["w1.example"]');
    const head = await text(`${server.url}/checkpoint`);
    // ... and /checkpoint still serves the older, witnessed checkpoint.
    expect(head.body).toBe(witnessedNote);
    expect(verifyCheckpoint(head.body, log.verifierKey, { policy }).treeSize).toBe(before);
    expect(server.logs.some((l) => l.event === 'witness_unreachable' && l['witness'] === 'w2.example')).toBe(true);

    w2 = await startWitness({ name: w2.name, dataDir: w2.dataDir, keyFile: w2.keyFile, port: w2.port, logs: [log.verifierKey] });
    await waitForRound(server, (l) => l['witnessedSize'] === grown);
    const after = await text(`${server.url}/checkpoint`);
    expect(verifyCheckpoint(after.body, log.verifierKey, { policy }).treeSize).toBe(grown);
  });

  test('after a restart the log learns each witness size from a 409 and proves consistency from it', async () => {
    const size = await treeSizeOf(server);
    await server.stop();
    server = await startWitnessedLog(dataDir, log, ['--witness-policy', policyFile, '--witness-enforce', '--witness-interval-ms', '20']);
    await appendEvents(server, token, 2, 'after-restart');
    await waitForRound(server, (l) => l['witnessedSize'] === size + 2);
    const metrics = (await text(`${server.url}/metrics`)).body;
    // A fresh process believes every witness holds 0: each answered 409 (its size) once, then 200.
    expect(metrics).toMatch(/cairn_witness_requests_total\{witness="w1.example",status="409"\} 1\n/);
    expect(metrics).toMatch(/cairn_witness_requests_total\{witness="w2.example",status="409"\} 1\n/);
    expect(server.logs.some((l) => l.event === 'witness-alarm')).toBe(false);
  });

  test('?witnessed=1 re-proves an entry against the newest witnessed checkpoint; verifyReceipt checks the policy', async () => {
    const res = await fetch(`${server.url}/v1/entries/0/receipt?witnessed=1`);
    expect(res.status).toBe(200);
    const receipt = (await res.json()) as ReceiptJson;
    const info = (await (await fetch(`${server.url}/v1/log`)).json()) as { witnessedSize: number };
    const verified = verifyReceipt(receipt, log.verifierKey, { policy });
    expect(verified.index).toBe(0);
    expect(verified.treeSize).toBe(info.witnessedSize);
    expect(verified.cosignatures.map((c) => c.witness).sort()).toEqual(['w1.example', 'w2.example']);
  });

  test('a receipt from append time carries no cosignatures, so the policy refuses it until upgraded', async () => {
    const [receipt] = await appendEvents(server, token, 1, 'fresh');
    expect(() => verifyReceipt(receipt!, log.verifierKey, { policy })).toThrow(expect.objectContaining({ code: 'POLICY_NOT_SATISFIED' }));
    expect(verifyReceipt(receipt!, log.verifierKey).cosignatures).toEqual([]);
  });

  test('?witnessed= with another value is a 400 problem', async () => {
    const res = await fetch(`${server.url}/v1/entries/0/receipt?witnessed=yes`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  test('cairn verify --policy prints the witnessed time bounds, and a lower bound with --previous', async () => {
    const root = await dirs.make('cairn-witnessing-verify-');
    const size = await treeSizeOf(server);
    await waitForRound(server, (l) => l['witnessedSize'] === size);
    const receipt = await (await fetch(`${server.url}/v1/entries/${size - 1}/receipt?witnessed=1`)).text();
    const receiptFile = join(root, 'receipt.json');
    await writeFile(receiptFile, receipt);
    const previous = await text(`${server.url}/v1/checkpoints/${firstWitnessed}`);
    const previousFile = join(root, 'previous.txt');
    await writeFile(previousFile, JSON.parse(previous.body).checkpoint as string);
    const result = await runCairn(['verify', '--vkey', log.verifierKey, '--policy', policyFile, '--previous', previousFile, receiptFile]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/witnessed by: +w1\.example, w2\.example/);
    expect(result.stdout).toMatch(/logged no later than \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(witness w[12]\.example\)/);
    expect(result.stdout).toMatch(/logged no earlier than \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ as far as witness w[12]\.example saw \(it cosigned size \d+/);

    const fresh = await appendEvents(server, token, 1, 'unwitnessed');
    await writeFile(receiptFile, JSON.stringify(fresh[0]));
    const refused = await runCairn(['verify', '--vkey', log.verifierKey, '--policy', policyFile, receiptFile]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not witnessed: .*POLICY_NOT_SATISFIED/);
  });

  test('cairn verify --previous without --policy is a usage error', async () => {
    const result = await runCairn(['verify', '--vkey', log.verifierKey, '--previous', policyFile, policyFile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--previous needs --policy/);
  });

  test('cairn verify --policy with a malformed policy file is a usage error', async () => {
    const root = await dirs.make('cairn-witnessing-badpolicy-');
    await writeFile(join(root, 'bad.txt'), 'quorum nobody\n');
    const result = await runCairn(['verify', '--vkey', log.verifierKey, '--policy', join(root, 'bad.txt'), join(root, 'bad.txt')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a valid tlog-policy: policy line 1/);
  });

  test('cairn verify --previous refuses a checkpoint that already holds the entry', async () => {
    const root = await dirs.make('cairn-witnessing-prev-');
    const receiptFile = join(root, 'receipt.json');
    await writeFile(receiptFile, await (await fetch(`${server.url}/v1/entries/0/receipt?witnessed=1`)).text());
    const later = JSON.parse((await text(`${server.url}/v1/checkpoints/${firstWitnessed}`)).body).checkpoint as string;
    await writeFile(join(root, 'previous.txt'), later);
    const result = await runCairn(['verify', '--vkey', log.verifierKey, '--policy', policyFile, '--previous', join(root, 'previous.txt'), receiptFile]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/FIELD_MISMATCH: the previous checkpoint has size \d+, so it already holds entry 0/);
  });
});
