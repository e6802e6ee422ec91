/**
 * The client side of the admin socket (protocol.ts): one request per connection, JSON in and
 * out, bounded answers and a timeout, so `cairn token` never hangs on a wedged server.
 */
import { CodedError } from '../../merkle/index.js';
import { request } from 'node:http';
import type { CredentialInfo, Role } from '../auth/credentials.js';
import { ADMIN_MAX_BODY_BYTES, ADMIN_PATHS, type NewCredential, type RevokeResult } from './protocol.js';

/**
 * Why an admin request failed: UNREACHABLE (no server listens on the socket: missing or stale
 * file), REFUSED (the server answered with an error; `message` is its sentence), PROTOCOL (an
 * answer that is not the protocol's, or a timeout).
 */
export type AdminErrorCode = 'UNREACHABLE' | 'REFUSED' | 'PROTOCOL';

export class AdminError extends CodedError<AdminErrorCode> {
  override readonly name = 'AdminError';
}

/** How long one admin request may take, connection to answer. */
export const ADMIN_TIMEOUT_MS = 10_000;

/**
 * Sends one request to the admin socket at `socketPath` and returns the parsed JSON answer.
 * Throws AdminError: UNREACHABLE, REFUSED (with the server's message) or PROTOCOL.
 */
export function adminRequest(socketPath: string, method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<unknown> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method,
        path,
        agent: false,
        timeout: ADMIN_TIMEOUT_MS,
        headers: text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > ADMIN_MAX_BODY_BYTES) {
            req.destroy(new AdminError('PROTOCOL', `the admin socket ${socketPath} sent an answer larger than ${ADMIN_MAX_BODY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          let value: unknown;
          try {
            value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch (err) {
            reject(new AdminError('PROTOCOL', `the admin socket ${socketPath} did not answer with JSON`, { cause: err }));
            return;
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            resolve(value);
          } else {
            const message = (value as { message?: unknown } | null)?.message;
            reject(new AdminError('REFUSED', typeof message === 'string' ? message : `the server answered ${status}`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new AdminError('PROTOCOL', `the server did not answer on ${socketPath} within ${ADMIN_TIMEOUT_MS} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof AdminError) reject(err);
      else if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')
        reject(new AdminError('UNREACHABLE', `no server answers on ${socketPath}`, { cause: err }));
      else reject(new AdminError('PROTOCOL', `the admin request on ${socketPath} failed: ${err.message}`, { cause: err }));
    });
    req.end(text);
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function malformed(socketPath: string): AdminError {
  return new AdminError('PROTOCOL', `the admin socket ${socketPath} sent an answer of the wrong shape`);
}

/** The credentials a running server holds (never secrets). */
export async function adminListCredentials(socketPath: string): Promise<CredentialInfo[]> {
  const v = await adminRequest(socketPath, 'GET', ADMIN_PATHS.credentials);
  if (!isObject(v) || !Array.isArray(v['credentials'])) throw malformed(socketPath);
  return v['credentials'] as CredentialInfo[];
}

/** Adds a credential on a running server; returns its token, shown once. */
export async function adminAddCredential(socketPath: string, name: string, role: Role | string): Promise<NewCredential> {
  const v = await adminRequest(socketPath, 'POST', ADMIN_PATHS.credentials, { name, role });
  if (!isObject(v) || typeof v['token'] !== 'string' || typeof v['name'] !== 'string' || typeof v['id'] !== 'string') throw malformed(socketPath);
  return v as unknown as NewCredential;
}

/** Revokes every active token of `name` on a running server, effective at once. */
export async function adminRevokeCredential(socketPath: string, name: string): Promise<RevokeResult> {
  const v = await adminRequest(socketPath, 'POST', ADMIN_PATHS.revoke, { name });
  if (!isObject(v) || typeof v['name'] !== 'string' || !Number.isSafeInteger(v['revoked'])) throw malformed(socketPath);
  return v as unknown as RevokeResult;
}
