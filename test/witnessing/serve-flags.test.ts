/**
 * `cairn serve --witness-*` (issue 12 part 3): the start is refused with a sentence for a flag or
 * policy it cannot use, and a log whose witnesses are all down still appends, while
 * `/checkpoint` under --witness-enforce answers a 503 problem until a quorum cosigns.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSignerKey, verifierKeyOf } from '../../proofs/index.js';
import { formatCosignatureVerifierKey } from '../../proofs/index.js';
import { killAllServers, runCairn } from '../helpers/cli.js';
import { TempDirs } from '../helpers/temp-dir.js';
import { appendEvents, freePort, makeLogIdentity, startWitnessedLog } from './witnessing-fixture.js';

const dirs = new TempDirs();

afterAll(async () => {
  await killAllServers();
  await dirs.cleanup();
});

/** A cosignature vkey of a witness that does not run. */
function absentWitnessKey(): string {
  const key = generateSignerKey('absent.example', new Uint8Array(32).fill(9));
  return formatCosignatureVerifierKey(key.name, key.publicKey);
}

async function serveOnce(root: string, args: string[]) {
  const log = await makeLogIdentity(root);
  return runCairn(['serve', '--data', join(root, 'log'), '--port', '0', '--key-file', log.keyFile, '--origin', log.origin, ...args]);
}

describe('cairn serve --witness-*', () => {
  test('--witness-enforce without --witness-policy is a usage error', async () => {
    const result = await serveOnce(await dirs.make(), ['--witness-enforce']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--witness-enforce needs --witness-policy/);
  });

  test('a --witness-interval-ms below 10 is a usage error naming the range', async () => {
    const root = await dirs.make();
    await writeFile(join(root, 'p.txt'), `witness w1 ${absentWitnessKey()} http://127.0.0.1:9\nquorum w1\n`);
    const result = await serveOnce(root, ['--witness-policy', join(root, 'p.txt'), '--witness-interval-ms', '5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--witness-interval-ms must be a whole number of milliseconds from 10 to 3600000, not "5"/);
  });

  test('a policy witness without a URL is refused, naming the line', async () => {
    const root = await dirs.make();
    await writeFile(join(root, 'p.txt'), `witness w1 ${absentWitnessKey()}\nquorum w1\n`);
    const result = await serveOnce(root, ['--witness-policy', join(root, 'p.txt')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line 1 gives witness w1 no http\(s\) URL/);
  });

  test('a malformed policy is refused with the parser sentence', async () => {
    const root = await dirs.make();
    await writeFile(join(root, 'p.txt'), 'quorum nobody\n');
    const result = await serveOnce(root, ['--witness-policy', join(root, 'p.txt')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not valid: .*policy line 1/);
  });

  test('a policy that lists another log key refuses to start', async () => {
    const root = await dirs.make();
    const other = verifierKeyOf(generateSignerKey('log.example/other', new Uint8Array(32).fill(5)));
    await writeFile(join(root, 'p.txt'), `log ${other}\nwitness w1 ${absentWitnessKey()} http://127.0.0.1:9\nquorum w1\n`);
    const result = await serveOnce(root, ['--witness-policy', join(root, 'p.txt')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refusing to start: the witness policy does not fit this log/);
  });

  test('witnesses all down: appends answer 201, /checkpoint under enforce is a 503 NOT_WITNESSED problem', async () => {
    const root = await dirs.make();
    const log = await makeLogIdentity(root);
    await writeFile(join(root, 'p.txt'), `witness w1 ${absentWitnessKey()} http://127.0.0.1:${await freePort()}\nquorum w1\n`);
    const server = await startWitnessedLog(join(root, 'log'), log, [
      '--witness-policy',
      join(root, 'p.txt'),
      '--witness-enforce',
      '--witness-interval-ms',
      '20',
      '--witness-timeout-ms',
      '500',
    ]);
    const receipts = await appendEvents(server, server.token!, 3);
    expect(receipts).toHaveLength(3);
    await server.waitForLog((l) => l.event === 'witness_unreachable');
    const res = await fetch(`${server.url}/checkpoint`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.headers.get('retry-after')).toBe('1');
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toBe('NOT_WITNESSED');
    const receipt = await fetch(`${server.url}/v1/entries/0/receipt?witnessed=1`);
    expect(receipt.status).toBe(503);
    const plain = await fetch(`${server.url}/v1/entries/0/receipt`);
    expect(plain.status).toBe(200);
    const info = (await (await fetch(`${server.url}/v1/log`)).json()) as { witnessedSize: number | null };
    expect(info.witnessedSize).toBeNull();
    const exit = await server.stop();
    expect(exit.code).toBe(0);
  });
});
