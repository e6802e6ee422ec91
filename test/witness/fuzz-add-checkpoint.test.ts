/**
 * Fuzzing POST /add-checkpoint (issue 12 part 5) on a real witness over a real socket: hostile
 * bodies made from a valid request by flipping one bit, truncating, inserting random bytes,
 * dropping, duplicating or swapping lines, replacing the old size, plus arbitrary bytes. Every
 * such body (each differs from the valid one in a way that makes it invalid; a repeated
 * signature line does not, so a duplicated signature line is altered) is refused with a 4xx (a problem object, or the spec's 409 text/x.tlog.size body),
 * never a 2xx, 3xx or 5xx, and the stored tree never changes. The valid request is sent last
 * and is cosigned: the refusals left the witness working.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { TempDirs } from '../helpers/temp-dir.js';
import { TestLog, addCheckpoint, startWitness, witnessKey, type RunningWitness } from './witness-fixture.js';

const dirs = new TempDirs();
const log = new TestLog('example.com/fuzzed', 11);
let running: RunningWitness;
let valid: Uint8Array;

beforeAll(async () => {
  running = await startWitness({ dataDir: await dirs.make('cairn-witness-fuzz-'), key: witnessKey(), logs: [log.verifierKey], now: () => 1_800_000_000 });
  expect((await addCheckpoint(running.url, log.body(0, 13))).status).toBe(200);
  valid = new TextEncoder().encode(log.body(13, 29));
});

afterAll(async () => {
  await running.stop();
  await dirs.cleanup();
});

const lines = (b: Uint8Array): string[] => new TextDecoder().decode(b).split('\n');
const join = (ls: string[]): Uint8Array => new TextEncoder().encode(ls.join('\n'));

/** Hostile bodies, each different from the valid one. */
const hostileBody: fc.Arbitrary<Uint8Array> = fc
  .oneof(
    // One flipped bit anywhere.
    fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })).map(([i, bit]) => {
      const b = valid.slice();
      b[i % b.length]! ^= 1 << bit;
      return b;
    }),
    // A strict prefix.
    fc.nat().map((n) => valid.slice(0, n % valid.length)),
    // Random bytes inserted somewhere.
    fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 40 })).map(([i, bytes]) => {
      const at = i % (valid.length + 1);
      return new Uint8Array([...valid.slice(0, at), ...bytes, ...valid.slice(at)]);
    }),
    // One line dropped, duplicated, or two lines swapped.
    fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('drop', 'dup', 'swap')).map(([i, j, op]) => {
      const ls = lines(valid);
      const a = i % (ls.length - 1);
      const b = j % (ls.length - 1);
      if (op === 'drop') ls.splice(a, 1);
      // A repeated signature line keeps a note valid (one key counts once): not hostile.
      else if (op === 'dup') ls.splice(a, 0, ls[a]!.startsWith('\u2014') ? `${ls[a]!}x` : ls[a]!);
      else [ls[a], ls[b]] = [ls[b]!, ls[a]!];
      return join(ls);
    }),
    // Another old-size line.
    fc
      .oneof(
        fc.string({ maxLength: 25 }),
        fc.bigInt({ min: 0n, max: 2n ** 70n }).map(String),
        fc.constantFrom('0', '13 ', ' 13', '+13', '013', '1e1', '-0', '12', '14', '29', '30'),
      )
      .map((old) => {
        const ls = lines(valid);
        ls[0] = `old ${old}`;
        return join(ls);
      }),
    // Anything at all.
    fc.uint8Array({ maxLength: 600 }),
  )
  .filter((b) => b.length !== valid.length || b.some((x, i) => x !== valid[i]));

test('hostile add-checkpoint bodies: 4xx only, the stored tree never changes, and the witness keeps working', async () => {
  const before = await running.witness.cosignedTree(log.origin);
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(hostileBody, fc.constantFrom(undefined, 'text/plain', 'application/octet-stream', 'application/json'), async (body, contentType) => {
      const res = await fetch(`${running.url}/add-checkpoint`, {
        method: 'POST',
        body: Buffer.from(body),
        ...(contentType ? { headers: { 'Content-Type': contentType } } : {}),
      });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      if (res.status === 409) {
        expect([res.headers.get('content-type'), text]).toEqual(['text/x.tlog.size', '13\n']);
      } else {
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        const problem = JSON.parse(text) as { status: number; detail: string; type: string };
        expect(problem.status).toBe(res.status);
        expect(problem.type).toMatch(/^urn:cairn:problem:/);
        expect(problem.detail.length).toBeGreaterThan(10);
      }
      expect(await running.witness.cosignedTree(log.origin)).toEqual(before);
    }),
    { numRuns: 400 },
  );
  // The mix reached every refusal the spec names, not only the parser's 400.
  for (const status of [400, 403, 409, 422]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
  const answer = await addCheckpoint(running.url, valid);
  expect(answer.status).toBe(200);
  expect((await running.witness.cosignedTree(log.origin))?.treeSize).toBe(29);
}, 120_000);
