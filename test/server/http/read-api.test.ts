/**
 * The read API (SPEC §5): /v1/log, /checkpoint, entries by index and by range (capped, never an
 * error for a large range), old checkpoints, the protobuf forms, health and metrics.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cairn } from '../../../proto/gen/cairn.js';
import { decodeBase64, leafHash, verifyCheckpoint, verifyInclusion } from '../../../client/index.js';
import { decodeLogEntry, fromProtoUint64, parseTimestamp } from '../../../proofs/index.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { bearer, bytesOf, utf8Bytes } from './http-utils.js';

const PROTOBUF = { accept: 'application/x-protobuf' };
let s: TestServer;
let reader: string;

beforeAll(async () => {
  s = await startTestServer({ config: { requestLimits: { maxRangeEntries: 10 } } });
  reader = await s.addToken('auditor', 'reader');
  const single = await fetch(`${s.url}/v1/entries`, {
    method: 'POST',
    headers: { ...bearer(s.writerToken), 'content-type': 'text/plain', 'event-time': '2025-03-04T05:06:07.000000008Z' },
    body: utf8Bytes('entry zero'),
  });
  expect(single.status).toBe(201);
  const res = await fetch(`${s.url}/v1/entries/batch`, {
    method: 'POST',
    headers: { ...bearer(s.writerToken), 'content-type': 'application/json' },
    body: JSON.stringify({ entries: Array.from({ length: 24 }, (_, i) => ({ json: { i: i + 1 } })) }),
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await s.stop();
});

interface EntryBody {
  index: number;
  entry: string;
  leafHash: string;
  decoded: { timestamp: string; submitter: string; contentType: string; commitment: string; payloadSize: number; occurredAt: string | null };
  payloadAvailable: boolean;
  payload?: string;
  proof: { index: number; treeSize: number; leafHash: string; hashes: string[] };
  checkpoint: string;
}

describe('GET /v1/log and /checkpoint', () => {
  test('/v1/log describes the log, its latest signed checkpoint and its limits', async () => {
    const res = await fetch(`${s.url}/v1/log`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['origin']).toBe('test.example/log');
    expect(body['verifierKey']).toBe(s.log.verifierKey.text);
    const cp = verifyCheckpoint(body['checkpoint'] as string, body['verifierKey'] as string);
    expect(body['treeSize']).toBe(25);
    expect(cp.treeSize).toBe(25);
    expect(decodeBase64(body['rootHash'] as string)).toEqual(cp.rootHash);
    expect(body['limits']).toEqual({
      maxPayloadBytes: 1048576,
      maxBatchEntries: 1000,
      maxBatchBytes: 16777216,
      maxFutureSkewNs: 300_000_000_000,
      maxRangeEntries: 10,
      maxIdempotencyKeyLength: 256,
    });
  });

  test('/v1/log in protobuf is a LogInfo', async () => {
    const res = await fetch(`${s.url}/v1/log`, { headers: PROTOBUF });
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const info = cairn.v1.LogInfo.decode(await bytesOf(res));
    expect(info.origin).toBe('test.example/log');
    expect(Number(info.treeSize)).toBe(25);
    expect(fromProtoUint64(info.limits!.maxFutureSkewNs!)).toBe(300_000_000_000n);
  });

  test('/checkpoint is the signed note as text, to be revalidated', async () => {
    const res = await fetch(`${s.url}/checkpoint`);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const note = await res.text();
    expect(verifyCheckpoint(note, s.log.verifierKey.text).treeSize).toBe(25);
  });

  test('HEAD /checkpoint has no body', async () => {
    const res = await fetch(`${s.url}/checkpoint`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect((await bytesOf(res)).length).toBe(0);
  });
});

describe('GET /v1/entries/<index>', () => {
  test('has the leaf, its decoded fields in RFC 3339, and a proof against the latest checkpoint', async () => {
    const res = await fetch(`${s.url}/v1/entries/0`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as EntryBody;
    const leaf = decodeBase64(body.entry);
    expect(decodeBase64(body.leafHash)).toEqual(leafHash(leaf));
    const decoded = decodeLogEntry(leaf);
    expect(body.decoded).toEqual({
      timestamp: body.decoded.timestamp,
      submitter: 'default',
      contentType: 'text/plain',
      commitment: Buffer.from(decoded.commitment).toString('base64'),
      payloadSize: 10,
      occurredAt: '2025-03-04T05:06:07.000000008Z',
    });
    expect(parseTimestamp(body.decoded.timestamp)).toBe(decoded.timestamp);
    const cp = verifyCheckpoint(body.checkpoint, s.log.verifierKey.text);
    expect(body.proof.treeSize).toBe(cp.treeSize);
    verifyInclusion(
      leafHash(leaf),
      0,
      cp.treeSize,
      body.proof.hashes.map((h) => decodeBase64(h)),
      cp.rootHash,
    );
  });

  test('occurredAt is null when the writer gave none', async () => {
    const body = (await (await fetch(`${s.url}/v1/entries/1`)).json()) as EntryBody;
    expect(body.decoded.occurredAt).toBeNull();
    expect(body.decoded.contentType).toBe('application/json');
  });

  test('in protobuf it is an Entry with the same leaf and, for a reader, the payload', async () => {
    const res = await fetch(`${s.url}/v1/entries/0`, { headers: { ...PROTOBUF, ...bearer(reader) } });
    const entry = cairn.v1.Entry.decode(await bytesOf(res));
    expect(Number(entry.index)).toBe(0);
    expect(entry.payloadAvailable).toBe(true);
    expect(new Uint8Array(entry.payload)).toEqual(utf8Bytes('entry zero'));
    expect(entry.decoded!.submitter).toBe('default');
    expect(new Uint8Array(entry.leafHash)).toEqual(leafHash(new Uint8Array(entry.entry)));
    expect(Number(entry.proof!.treeSize)).toBe(25);
  });
});

describe('GET /v1/entries?start=&end=', () => {
  test('returns start <= i < end in order', async () => {
    const body = (await (await fetch(`${s.url}/v1/entries?start=3&end=6`)).json()) as { start: number; end: number; entries: EntryBody[] };
    expect(body.start).toBe(3);
    expect(body.end).toBe(6);
    expect(body.entries.map((e) => e.index)).toEqual([3, 4, 5]);
    for (const e of body.entries) expect(decodeBase64(e.leafHash)).toEqual(leafHash(decodeBase64(e.entry)));
    expect(body.entries[0]).not.toHaveProperty('proof');
  });

  test('a large range is truncated to the cap, not refused', async () => {
    const body = (await (await fetch(`${s.url}/v1/entries?start=2&end=9000000000`)).json()) as { end: number; entries: EntryBody[] };
    expect(body.end).toBe(12);
    expect(body.entries).toHaveLength(10);
  });

  test('end defaults to start plus the cap, and stops at the tree size', async () => {
    const body = (await (await fetch(`${s.url}/v1/entries?start=20`)).json()) as { end: number; entries: EntryBody[] };
    expect(body.end).toBe(25);
    expect(body.entries.map((e) => e.index)).toEqual([20, 21, 22, 23, 24]);
  });

  test('a range past the end of the log is empty', async () => {
    expect(await (await fetch(`${s.url}/v1/entries?start=25`)).json()).toEqual({ start: 25, end: 25, entries: [] });
    expect(await (await fetch(`${s.url}/v1/entries?start=1000`)).json()).toEqual({ start: 1000, end: 1000, entries: [] });
  });

  test('a reader gets the payloads of a range', async () => {
    const body = (await (await fetch(`${s.url}/v1/entries?start=1&end=3`, { headers: bearer(reader) })).json()) as { entries: EntryBody[] };
    expect(body.entries.map((e) => Buffer.from(e.payload!, 'base64').toString())).toEqual(['{"i":1}', '{"i":2}']);
  });

  test('in protobuf it is an EntryList', async () => {
    const list = cairn.v1.EntryList.decode(await bytesOf(await fetch(`${s.url}/v1/entries?start=0&end=2`, { headers: PROTOBUF })));
    expect(Number(list.start)).toBe(0);
    expect(Number(list.end)).toBe(2);
    expect(list.entries.map((e) => Number(e.index))).toEqual([0, 1]);
  });
});

describe('proofs and checkpoints in protobuf and text', () => {
  test('an inclusion proof in protobuf verifies', async () => {
    const note = await (await fetch(`${s.url}/v1/checkpoints/25`, { headers: { accept: 'text/plain' } })).text();
    const cp = verifyCheckpoint(note, s.log.verifierKey.text);
    const proof = cairn.v1.InclusionProof.decode(await bytesOf(await fetch(`${s.url}/v1/proof/inclusion?index=7&size=25`, { headers: PROTOBUF })));
    verifyInclusion(
      new Uint8Array(proof.leafHash),
      7,
      25,
      proof.hashes.map((h) => new Uint8Array(h)),
      cp.rootHash,
    );
  });

  test('a consistency proof in protobuf has the sizes', async () => {
    const proof = cairn.v1.ConsistencyProof.decode(await bytesOf(await fetch(`${s.url}/v1/proof/consistency?from=1&to=25`, { headers: PROTOBUF })));
    expect([Number(proof.from), Number(proof.to)]).toEqual([1, 25]);
    expect(proof.hashes.length).toBeGreaterThan(0);
  });

  test('an old checkpoint in protobuf is a SignedCheckpoint', async () => {
    const cp = cairn.v1.SignedCheckpoint.decode(await bytesOf(await fetch(`${s.url}/v1/checkpoints/1`, { headers: PROTOBUF })));
    expect(Number(cp.treeSize)).toBe(1);
    expect(verifyCheckpoint(cp.checkpoint, s.log.verifierKey.text).treeSize).toBe(1);
  });

  test('an old checkpoint is immutable for caches', async () => {
    const res = await fetch(`${s.url}/v1/checkpoints/1`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});

describe('health and metrics', () => {
  test('/healthz and /readyz answer 200', async () => {
    expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${s.url}/readyz`)).json()).toEqual({ status: 'ready', treeSize: 25 });
  });

  test('/metrics is Prometheus text with requests, rounds and the tree size', async () => {
    const res = await fetch(`${s.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^cairn_http_requests_total\{method="POST",route="\/v1\/entries\/batch",status="201"\} 1$/m);
    expect(text).toMatch(/^cairn_appended_entries_total 25$/m);
    expect(text).toMatch(/^cairn_rounds_total\{result="committed"\} 2$/m);
    expect(text).toMatch(/^cairn_tree_size 25$/m);
    expect(text).toMatch(/^cairn_pending_entries 0$/m);
    expect(text).toMatch(/^cairn_round_duration_seconds_count 2$/m);
    expect(text).toMatch(/^cairn_commit_duration_seconds_count 2$/m);
    expect(text).toMatch(/^cairn_http_request_duration_seconds_count\{method="POST",route="\/v1\/entries"\} 1$/m);
    expect(text).toMatch(/^cairn_failed_commits_total 0$/m);
  });
});
