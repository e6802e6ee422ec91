/**
 * A split view (issue 12 part 5), with real processes: two logs with one key and one origin but
 * different histories (two data folders, the same --key-file). The witnesses cosign the first;
 * the second never reaches a quorum: its witness loop raises `witness-alarm` (a 409 above its
 * size: rollback; then a 422 for a proof from the witnesses' tree: inconsistent), and
 * `cairn monitor --policy` on it alerts (exit 7) while the same monitor on the first passes.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { parseWitnessPolicy, verifyCheckpoint, type WitnessPolicy } from '../../proofs/index.js';
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
} from './witnessing-fixture.js';

const dirs = new TempDirs();
let root: string;
let log: LogIdentity;
let policy: WitnessPolicy;
let policyFile: string;
let first: ServerProcess;
let twin: ServerProcess;

async function json<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

beforeAll(async () => {
  root = await dirs.make('cairn-split-view-');
  log = await makeLogIdentity(root, 'log.example/split', 43);
  const witnesses = await Promise.all(
    ['w1.example', 'w2.example'].map(async (name) =>
      startWitness({ name, dataDir: join(root, name), keyFile: join(root, `${name}.key`), port: await freePort(), logs: [log.verifierKey] }),
    ),
  );
  policyFile = join(root, 'policy.txt');
  policy = parseWitnessPolicy(await writePolicy(policyFile, log, witnesses, 'all'));
  const flags = ['--witness-policy', policyFile, '--witness-interval-ms', '20'];
  first = await startWitnessedLog(join(root, 'first'), log, flags);
  await appendEvents(first, first.token!, 3, 'honest');
  const size = (await json<{ treeSize: number }>(`${first.url}/v1/log`)).treeSize;
  await waitForRound(first, (l) => l['witnessedSize'] === size);
  twin = await startWitnessedLog(join(root, 'twin'), log, flags);
});

afterAll(async () => {
  await killAllServers();
  await killWitnesses();
  await dirs.cleanup();
});

describe('two logs, one key, two histories', () => {
  test('the twin signs with the same key and origin, but its tree differs', async () => {
    expect(twin.verifierKey).toBe(first.verifierKey);
    await appendEvents(twin, twin.token!, 6, 'forked');
    const a = await json<{ treeSize: number; rootHash: string }>(`${first.url}/v1/log`);
    const b = await json<{ treeSize: number; rootHash: string }>(`${twin.url}/v1/log`);
    expect(b.treeSize).toBeGreaterThan(a.treeSize);
    expect(b.rootHash).not.toBe(a.rootHash);
  });

  test("the twin's witness loop raises a rollback alarm (409 above it) and a fork alarm (422)", async () => {
    const rollback = await twin.waitForLog((l) => l.event === 'witness-alarm' && l['reason'] === 'rollback');
    expect(rollback['witness']).toMatch(/^w[12]\.example$/);
    const size = (await json<{ treeSize: number }>(`${twin.url}/v1/log`)).treeSize;
    const fork = await twin.waitForLog((l) => l.event === 'witness-alarm' && l['reason'] === 'inconsistent' && l['treeSize'] === size);
    expect(String(fork['detail'])).toMatch(/422/);
    const metrics = await (await fetch(`${twin.url}/metrics`)).text();
    expect(metrics).toMatch(/cairn_witness_alarms_total\{witness="w1\.example",reason="inconsistent"\} [1-9]/);
    expect(metrics).toMatch(/cairn_witness_alarms_total\{witness="w2\.example",reason="rollback"\} [1-9]/);
  });

  test('the twin never reaches a quorum: witnessedSize stays null and its checkpoint carries no cosignature', async () => {
    const info = await json<{ witnessedSize: number | null; checkpoint: string }>(`${twin.url}/v1/log`);
    expect(info.witnessedSize).toBeNull();
    const head = await (await fetch(`${twin.url}/checkpoint`)).text();
    expect(() => verifyCheckpoint(head, log.verifierKey, { policy })).toThrow(expect.objectContaining({ code: 'POLICY_NOT_SATISFIED' }));
    // The first log stays witnessed by both.
    const firstHead = await (await fetch(`${first.url}/checkpoint`)).text();
    expect(verifyCheckpoint(firstHead, log.verifierKey, { policy }).cosignatures).toHaveLength(2);
  });

  test('cairn monitor --policy passes on the first log and alerts (exit 7) on the twin', async () => {
    const ok = await runCairn([
      'monitor',
      '--url',
      first.url,
      '--vkey',
      log.verifierKey,
      '--state',
      join(root, 'first.state'),
      '--once',
      '--policy',
      policyFile,
      '--max-unwitnessed-seconds',
      '0',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const alert = await runCairn([
      'monitor',
      '--url',
      twin.url,
      '--vkey',
      log.verifierKey,
      '--state',
      join(root, 'twin.state'),
      '--once',
      '--policy',
      policyFile,
      '--max-unwitnessed-seconds',
      '0',
      '--json',
    ]);
    expect(alert.code).toBe(7);
    expect(alert.stderr).toMatch(/ALERT unwitnessed at .*lacked the policy's quorum.*split view/);
    const line = alert.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind?: string })
      .find((l) => l.kind === 'unwitnessed');
    expect(line).toBeDefined();
  });

  test('--max-unwitnessed-seconds gives the log time: within it, the twin only reports', async () => {
    const result = await runCairn([
      'monitor',
      '--url',
      twin.url,
      '--vkey',
      log.verifierKey,
      '--state',
      join(root, 'twin-2.state'),
      '--once',
      '--policy',
      policyFile,
      '--max-unwitnessed-seconds',
      '600',
    ]);
    expect(result.code).toBe(0);
  });

  test('--max-unwitnessed-seconds without --policy is a usage error', async () => {
    const result = await runCairn([
      'monitor',
      '--url',
      twin.url,
      '--vkey',
      log.verifierKey,
      '--state',
      join(root, 'x.state'),
      '--once',
      '--max-unwitnessed-seconds',
      '5',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs --policy/);
  });
});
