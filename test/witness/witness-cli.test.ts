/**
 * `cairn witness` as a real process: a first start with --name makes the key file (mode 0600)
 * and prints the cosignature verifier key; the `listening` line carries it; --logs files add
 * logs; a re-keyed log, a missing key file and a bad --logs file stop the start with a sentence.
 */
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCosignatureVerifierKey, parseSignerKey } from '../../proofs/index.js';
import { runCairn } from '../helpers/cli.js';
import { TempDirs } from '../helpers/temp-dir.js';
import { LogListError, parseLogList } from '../../server/witness/index.js';
import { TestLog, addCheckpoint } from './witness-fixture.js';
import { killAllWitnesses, startWitnessProcess } from './witness-process.js';

const dirs = new TempDirs();
afterEach(killAllWitnesses);
afterAll(() => dirs.cleanup());

const log = new TestLog('example.com/cli-log', 21);
const other = new TestLog('example.com/cli-other', 22);

describe('cairn witness', () => {
  test('first start with --name makes the key, prints its 0x04 vkey; --logs adds logs; a restart keeps them', async () => {
    const dir = await dirs.make('cairn-witness-cli-');
    const keyFile = join(dir, 'w.key');
    const logsFile = join(dir, 'logs.txt');
    await writeFile(logsFile, `# logs this witness cosigns\nlog ${log.verifierKey.text}\n\n  log\t${other.verifierKey.text} https://other.example/\n`);
    const w = await startWitnessProcess(['--data', join(dir, 'data'), '--key-file', keyFile, '--name', 'cli.witness', '--logs', logsFile]);
    const vkey = parseCosignatureVerifierKey(w.verifierKey);
    expect(vkey.name).toBe('cli.witness');
    expect(w.stderr()).toContain(w.verifierKey);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(parseSignerKey(await readFile(keyFile, 'utf8')).name).toBe('cli.witness');
    const info = (await (await fetch(`${w.url}/v1/witness`)).json()) as { logs: { origin: string }[] };
    expect(info.logs.map((l) => l.origin)).toEqual([log.origin, other.origin]);
    expect((await addCheckpoint(w.url, other.body(0, 3))).status).toBe(200);
    w.process.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    const again = await startWitnessProcess(['--data', join(dir, 'data'), '--key-file', keyFile]);
    expect(again.verifierKey).toBe(w.verifierKey);
    expect((await addCheckpoint(again.url, other.body(0, 5))).body).toBe('3\n');
  });

  test('a different key for a known origin: refused at start with a sentence, exit 1', async () => {
    const dir = await dirs.make('cairn-witness-cli-');
    const args = ['witness', '--data', join(dir, 'data'), '--key-file', join(dir, 'w.key'), '--port', '0'];
    const first = await startWitnessProcess(['--data', join(dir, 'data'), '--key-file', join(dir, 'w.key'), '--name', 'w', '--log', log.verifierKey.text]);
    first.process.kill('SIGTERM');
    await first.exited;
    const rekeyed = new TestLog(log.origin, 99);
    const result = await runCairn([...args, '--log', rekeyed.verifierKey.text]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/already knows the log example\.com\/cli-log.*never re-keyed/);
  });

  test('a missing key file without --name: usage error naming --name, exit 2', async () => {
    const dir = await dirs.make('cairn-witness-cli-');
    const result = await runCairn(['witness', '--data', join(dir, 'data'), '--key-file', join(dir, 'none.key')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/does not exist; add --name N/);
  });

  test('a bad --logs file: usage error with the line number, exit 2', async () => {
    const dir = await dirs.make('cairn-witness-cli-');
    const logsFile = join(dir, 'logs.txt');
    await writeFile(logsFile, `log ${log.verifierKey.text}\nwitness x y\n`);
    const result = await runCairn(['witness', '--data', join(dir, 'data'), '--key-file', join(dir, 'w.key'), '--name', 'w', '--logs', logsFile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/logs\.txt line 2 must be `log <verifier key> \[<url>\]`/);
  });

  test('a --log that is not a verifier key: usage error, exit 2', async () => {
    const dir = await dirs.make('cairn-witness-cli-');
    const result = await runCairn(['witness', '--data', join(dir, 'data'), '--key-file', join(dir, 'w.key'), '--name', 'w', '--log', 'nonsense']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--log "nonsense" is not a log verifier key/);
  });
});

describe('parseLogList', () => {
  test('reads log lines, comments, blank lines and optional URLs', () => {
    expect(parseLogList(`# c\nlog ${log.verifierKey.text}\n\n\tlog ${other.verifierKey.text} https://x/\n`, 'f').map((k) => k.name)).toEqual([
      log.origin,
      other.origin,
    ]);
  });

  const bad: [string, string, RegExp][] = [
    ['another keyword', 'quorum none\n', /f line 1 must be `log/],
    ['a log line without a key', 'log\n', /f line 1 must be/],
    ['extra items', `log ${log.verifierKey.text} u v\n`, /f line 1 must be/],
    ['an invalid key', 'log example.com+00000000+AAAA\n', /f line 1 has an invalid log verifier key/],
    [
      'a cosignature key instead of a log key',
      `log ${'w+24b37851+BNYV1Ztajd9BvyjP2HgpwrqYL6TjOwIjGMOq8Bu42xbN'}\n`,
      /f line 1 has an invalid log verifier key/,
    ],
    ['one origin twice', `log ${log.verifierKey.text}\nlog ${log.verifierKey.text}\n`, /f line 2 lists the log example\.com\/cli-log again/],
    ['a carriage return', `log ${log.verifierKey.text}\r\n`, /f line 1 holds a control character/],
  ];
  for (const [name, text, message] of bad) {
    test(`refuses ${name}`, () => {
      expect(() => parseLogList(text, 'f')).toThrow(LogListError);
      expect(() => parseLogList(text, 'f')).toThrow(message);
    });
  }
});
