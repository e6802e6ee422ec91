/**
 * The harness of the fuzz suite (SPEC §5: "bad input never gets a 5xx, never crashes the
 * server, never changes the log"): a real server on a seeded log, hostile requests written as
 * raw bytes (so framing, duplicated headers and broken encodings reach the server as generated),
 * and one judgement per answer:
 *
 * - a 4xx must be an RFC 9457 problem (application/problem+json, `type`, `status`, `detail`);
 * - a 2xx must be a valid answer for its route (a receipt that verifies with the log's key, a
 *   checkpoint signed by it, a tile of whole hashes, a bundle that parses, JSON that parses),
 *   and only the append routes may answer POST with 2xx;
 * - never a 5xx, 3xx or bytes that are not HTTP;
 * - the connection may close without an answer only where the request never completed (a body
 *   that lies about its length, then a half-close) or for CONNECT;
 * - the server still answers GET /healthz afterwards.
 *
 * Every entry a fuzzer appends on purpose is counted by the receipts it got back; at the end
 * `finish()` requires history unchanged but for exactly those entries (log-history.ts).
 */
import { expect } from '@jest/globals';
import protobuf from 'protobufjs/minimal.js';
import { parseEntryBundle } from '../../merkle/index.js';
import { verifyCheckpoint, verifyReceipt } from '../../proofs/index.js';
import type { RequestLimits } from '../../server/config.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { expectHistoryKept, snapshotHistory, type LogHistory } from './log-history.js';
import { exchange, type RawOutcome, type RawResponse } from './raw-http.js';

/** How the body is framed on the wire; all but `length` and `chunked` lie or break the rules. */
export type Framing =
  /** A correct Content-Length. */
  | 'length'
  /** A correct chunked body. */
  | 'chunked'
  /** No Content-Length or Transfer-Encoding: the body bytes become a second (garbage) request. */
  | 'none'
  /** Content-Length larger than the body, then a half-close. */
  | 'cl-short'
  /** Content-Length smaller than the body: the rest becomes a second request. */
  | 'cl-long'
  /** Two different Content-Length headers. */
  | 'cl-twice'
  /** A Content-Length that is no number, negative, or beyond 2^64. */
  | 'cl-absurd'
  /** A huge but valid Content-Length (a body that never finishes), then a half-close. */
  | 'cl-huge'
  /** Content-Length and chunked together (request smuggling). */
  | 'cl-and-chunked'
  /** A chunk that announces more bytes than it has, then a half-close. */
  | 'chunk-lie'
  /** A chunk size that is not hexadecimal. */
  | 'chunk-bad-hex'
  /** No final zero-size chunk, then a half-close. */
  | 'chunk-unterminated';

/** Framings after which the server cannot have a complete request: it may close without an answer. */
const INCOMPLETE: ReadonlySet<Framing> = new Set(['cl-short', 'cl-huge', 'chunk-lie', 'chunk-unterminated', 'cl-absurd']);

/** A request as a fuzzer builds it. Header values must not hold CR or LF (the head's framing). */
export interface HostileRequest {
  method: string;
  /** The request-target exactly as written on the request line. */
  target: string;
  /** In order; a name may repeat. */
  headers: [string, string][];
  body: Uint8Array;
  framing: Framing;
}

/** The bytes of `r` on the wire, and whether the client half-closes after them. */
export function renderRequest(r: HostileRequest): { bytes: Buffer; halfClose: boolean } {
  const body = Buffer.from(r.body);
  // Connection: close first, so the server hangs up after its first answer whatever follows.
  const head: string[] = [`${r.method} ${r.target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of r.headers) head.push(`${name}: ${value}`);
  let payload: Buffer = body;
  switch (r.framing) {
    case 'length':
      head.push(`Content-Length: ${body.length}`);
      break;
    case 'chunked':
      head.push('Transfer-Encoding: chunked');
      payload = Buffer.concat([
        body.length > 0 ? Buffer.from(`${body.length.toString(16)}\r\n`) : Buffer.alloc(0),
        body,
        Buffer.from(body.length > 0 ? '\r\n0\r\n\r\n' : '0\r\n\r\n'),
      ]);
      break;
    case 'none':
      break;
    case 'cl-short':
      head.push(`Content-Length: ${body.length + 10}`);
      break;
    case 'cl-long':
      head.push(`Content-Length: ${Math.floor(body.length / 2)}`);
      break;
    case 'cl-twice':
      head.push(`Content-Length: ${body.length}`, `Content-Length: ${body.length + 1}`);
      break;
    case 'cl-absurd':
      head.push(`Content-Length: ${['99999999999999999999999', '-1', '1e3', '0x10', ' ', '5, 5', '18446744073709551616', 'NaN'][body.length % 8]}`);
      break;
    case 'cl-huge':
      head.push('Content-Length: 9007199254740991');
      break;
    case 'cl-and-chunked':
      head.push(`Content-Length: ${body.length}`, 'Transfer-Encoding: chunked');
      break;
    case 'chunk-lie':
      head.push('Transfer-Encoding: chunked');
      payload = Buffer.concat([Buffer.from(`${(body.length + 100).toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
      break;
    case 'chunk-bad-hex':
      head.push('Transfer-Encoding: chunked');
      payload = Buffer.concat([Buffer.from('zz\r\n'), body, Buffer.from('\r\n0\r\n\r\n')]);
      break;
    case 'chunk-unterminated':
      head.push('Transfer-Encoding: chunked');
      payload = Buffer.concat([Buffer.from(`${(body.length + 1).toString(16)}\r\n`), body, Buffer.from('x\r\n')]);
      break;
  }
  return { bytes: Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), payload]), halfClose: INCOMPLETE.has(r.framing) };
}

/** The limits of the fuzz server: small, so that "too large" is reachable by generated bodies. */
export const FUZZ_LIMITS: Partial<RequestLimits> = { maxPayloadBytes: 4096, maxBatchEntries: 16, maxBatchBytes: 256 * 1024, maxRangeEntries: 50 };

/** Counts of what a fuzz run saw, for the test to report and bound. */
export interface FuzzStats {
  requests: number;
  byStatus: Map<number, number>;
  closedWithoutAnswer: number;
  /** Indexes of entries the fuzzer appended (from verified receipts); replays are not new. */
  appended: Set<number>;
}

/** A fuzz server: a seeded log, its tokens, and the judge of every answer. */
export interface FuzzServer {
  server: TestServer;
  readerToken: string;
  stats: FuzzStats;
  /** Sends `r` and judges the answer (throws, via expect, on a wrong one). */
  send(r: HostileRequest): Promise<RawOutcome>;
  /** GET /healthz must answer 200. */
  expectAlive(): Promise<void>;
  /** History unchanged but for the counted appends; stops the server. */
  finish(): Promise<void>;
}

const APPEND_PATHS = new Set(['/v1/entries', '/v1/entries/batch']);

function header(res: RawResponse, name: string): string | undefined {
  return res.headers.get(name)?.[0];
}

/** The path of a request-target, without the query (undefined for other forms). */
function pathOf(target: string): string | undefined {
  if (!target.startsWith('/')) return undefined;
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

/** Receipts (protobuf) in an AppendResponse: field 1, length-delimited, repeated. */
function protoReceipts(bytes: Uint8Array): Uint8Array[] {
  const reader = protobuf.Reader.create(bytes);
  const out: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    expect(reader.uint32()).toBe((1 << 3) | 2);
    out.push(reader.bytes());
  }
  return out;
}

/** Starts a fuzz server on a log seeded with `seed` entries (two tiles' worth by default). */
export async function startFuzzServer(options: { seed?: number } = {}): Promise<FuzzServer> {
  const server = await startTestServer({ config: { requestLimits: FUZZ_LIMITS }, timeouts: { headersMs: 3_000, requestMs: 5_000 } });
  const readerToken = await server.addToken('fuzz-reader', 'reader');
  const seed = options.seed ?? 300;
  for (let start = 0; start < seed; start += FUZZ_LIMITS.maxBatchEntries!) {
    const n = Math.min(FUZZ_LIMITS.maxBatchEntries!, seed - start);
    const entries = Array.from({ length: n }, (_, i) => ({ json: { seed: start + i }, idempotencyKey: `seed-${start + i}` }));
    const res = await fetch(`${server.url}/v1/entries/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.writerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ entries }),
    });
    expect(res.status).toBe(201);
  }
  const before: LogHistory = await snapshotHistory(server.url, readerToken, server.log);
  const key = server.log.verifierKey;
  const stats: FuzzStats = { requests: 0, byStatus: new Map(), closedWithoutAnswer: 0, appended: new Set() };

  /** Judges a 2xx answer to `r`. */
  const judgeSuccess = (r: HostileRequest, path: string | undefined, res: RawResponse): void => {
    const type = header(res, 'content-type') ?? '';
    const body = new Uint8Array(res.body);
    if (r.method === 'POST') {
      expect({ post: path, appendRoute: path !== undefined && APPEND_PATHS.has(path) }).toEqual({ post: path, appendRoute: true });
      expect([200, 201]).toContain(res.status);
      const receipts = type.startsWith('application/x-protobuf')
        ? path === '/v1/entries/batch'
          ? protoReceipts(body).map((b) => verifyReceipt(b, key))
          : [verifyReceipt(body, key)]
        : (() => {
            const json = JSON.parse(res.body.toString('utf8')) as { receipts?: unknown[] };
            return (json.receipts ?? [json]).map((x) => verifyReceipt(x as Parameters<typeof verifyReceipt>[0], key));
          })();
      expect(receipts.length).toBeGreaterThan(0);
      for (const v of receipts) {
        if (v.index >= before.treeSize) stats.appended.add(v.index);
        expect(v.entry.submitter).toBe('default');
      }
      // A single append keeps the body byte for byte (unless the client compressed it).
      const encoded = r.headers.some(([n]) => n.toLowerCase() === 'content-encoding');
      if (path === '/v1/entries' && (r.framing === 'length' || r.framing === 'chunked') && !encoded) {
        expect(Buffer.from(receipts[0]!.payload).equals(Buffer.from(r.body))).toBe(true);
      }
      return;
    }
    if (r.method === 'OPTIONS') {
      expect(res.status).toBe(204);
      return;
    }
    expect(['GET', 'HEAD']).toContain(r.method);
    expect(res.status).toBe(200);
    if (r.method === 'HEAD') return;
    if (path === '/checkpoint') {
      verifyCheckpoint(res.body.toString('utf8'), key);
    } else if (path?.startsWith('/tile/entries/')) {
      parseEntryBundle(body);
    } else if (path?.startsWith('/tile/')) {
      expect(body.length % 32).toBe(0);
      expect(body.length).toBeGreaterThan(0);
      expect(body.length).toBeLessThanOrEqual(256 * 32);
    } else if (type.startsWith('application/json')) {
      JSON.parse(res.body.toString('utf8'));
    } else {
      expect(type).toMatch(/^(application\/x-protobuf|text\/plain)/);
    }
  };

  /** Judges any answer to `r`. */
  const judge = (r: HostileRequest, halfClose: boolean, outcome: RawOutcome): void => {
    stats.requests++;
    if (outcome.kind === 'closed') {
      stats.closedWithoutAnswer++;
      expect({ request: `${r.method} ${r.target} (${r.framing})`, mayClose: halfClose || r.method === 'CONNECT' }).toEqual({
        request: `${r.method} ${r.target} (${r.framing})`,
        mayClose: true,
      });
      return;
    }
    const res = outcome.response;
    stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
    const path = pathOf(r.target);
    const what = `${r.method} ${r.target.slice(0, 120)} (${r.framing}) -> ${res.status} ${res.body.toString('utf8').slice(0, 300)}`;
    expect({ what, ok: res.status >= 200 && res.status < 500 && (res.status < 300 || res.status >= 400) }).toEqual({ what, ok: true });
    if (res.status >= 400) {
      expect({ what, type: header(res, 'content-type') }).toEqual({ what, type: 'application/problem+json' });
      if (r.method !== 'HEAD') {
        const problem = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
        expect(problem['status']).toBe(res.status);
        expect(String(problem['type'])).toMatch(/^urn:cairn:problem:[a-z0-9-]+$/);
        expect(typeof problem['title']).toBe('string');
        expect(String(problem['detail']).length).toBeGreaterThan(10);
        expect(res.body.toString('utf8')).not.toMatch(/<html|\bat .*\.(ts|js):\d+/i);
      }
      if (res.status === 429) expect(header(res, 'retry-after')).toMatch(/^[1-9][0-9]*$/);
      if (res.status === 405) expect(header(res, 'allow')).toMatch(/^(GET, HEAD|POST|GET, HEAD, POST)$/);
      return;
    }
    judgeSuccess(r, path, res);
  };

  return {
    server,
    readerToken,
    stats,
    async send(r) {
      const { bytes, halfClose } = renderRequest(r);
      const outcome = await exchange(server.url, bytes, { end: halfClose, timeoutMs: 20_000 });
      judge(r, halfClose, outcome);
      return outcome;
    },
    async expectAlive() {
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    },
    async finish() {
      // An entry without a receipt the fuzzer saw is the worst finding: say which it was.
      const unaccounted: string[] = [];
      for (let i = before.treeSize; i < server.log.checkpoint.treeSize; i++) {
        if (stats.appended.has(i)) continue;
        const res = await fetch(`${server.url}/v1/entries/${i}`, { headers: { authorization: `Bearer ${readerToken}` } });
        unaccounted.push((await res.text()).slice(0, 400));
      }
      expect(unaccounted).toEqual([]);
      try {
        await expectHistoryKept(server.url, readerToken, server.log, before, stats.appended.size);
        // Every new entry came with a receipt the fuzzer saw: nothing was appended silently.
        expect([...stats.appended].sort((a, b) => a - b)).toEqual(Array.from({ length: stats.appended.size }, (_, i) => before.treeSize + i));
      } finally {
        await server.stop();
      }
    },
  };
}
