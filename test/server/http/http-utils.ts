/**
 * Small helpers of the HTTP tests: headers, problem checks, and the log's state as a client
 * sees it (so "the checkpoint did not change" is checked through the API).
 */
import { expect } from '@jest/globals';

/** The Authorization header of a bearer token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** A problem object as the tests read it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [member: string]: unknown;
}

/**
 * Checks that `res` is an RFC 9457 problem with `status` and `code` and a detail sentence,
 * and returns it.
 */
export async function expectProblem(res: Response, status: number, code: string): Promise<Problem> {
  const text = await res.text();
  expect({ status: res.status, body: text }).toMatchObject({ status });
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = JSON.parse(text) as Problem;
  expect(body.status).toBe(status);
  expect(body.code).toBe(code);
  expect(body.type).toMatch(/^urn:cairn:problem:[a-z-]+$/);
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.detail.length).toBeGreaterThan(20);
  expect(text).not.toMatch(/<html|at .*\.(ts|js):\d+/i);
  if (status === 503) expect(res.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
  return body;
}

/** The latest checkpoint note, fetched from the server. */
export async function fetchCheckpoint(url: string): Promise<string> {
  const res = await fetch(`${url}/checkpoint`);
  expect(res.status).toBe(200);
  return res.text();
}

/** The bytes of a response body. */
export async function bytesOf(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}

/** UTF-8 bytes of a string (ArrayBuffer-backed, as fetch bodies must be). */
export function utf8Bytes(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

/** A copy of `bytes` that fetch accepts as a body. */
export function bodyOf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}
