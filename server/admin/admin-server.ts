/**
 * The admin socket of a running server (see protocol.ts): `cairn token` talks to it when the
 * data folder is locked by the server, so credentials change without a restart and a revocation
 * takes effect on the very next request.
 *
 * Preconditions of `startAdminServer`: the caller holds the data folder's store lock (so no other
 * server of this folder runs and a socket file left at the path is stale from a crash).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { chmod, unlink } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { CredentialRegistry } from '../auth/credentials.js';
import { ServerError, type ServerErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { addCredential, listCredentials, revokeCredential } from './credential-operations.js';
import { ADMIN_MAX_BODY_BYTES, ADMIN_PATHS, ADMIN_SOCKET_MODE, MAX_SOCKET_PATH_BYTES, type AdminErrorBody } from './protocol.js';

/** A listening admin socket. */
export interface AdminServer {
  socketPath: string;
  /** Stops listening, ends open connections and removes the socket file. */
  close(): Promise<void>;
}

/** How long `close` lets an admin request in progress finish before it cuts the connection. */
const CLOSE_GRACE_MS = 1000;

const STATUS: Partial<Record<ServerErrorCode, number>> = {
  MALFORMED_REQUEST: 400,
  INVALID_PARAMETER: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ServerError('UNSUPPORTED_MEDIA_TYPE', 'Send the admin request body as application/json.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Cap before buffering more: even a local client gets a bounded answer.
    if (size > ADMIN_MAX_BODY_BYTES) throw new ServerError('PAYLOAD_TOO_LARGE', `The admin request body exceeds ${ADMIN_MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ServerError('MALFORMED_REQUEST', 'The admin request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ServerError('MALFORMED_REQUEST', 'The admin request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, field: string): string {
  const v = body[field];
  if (typeof v !== 'string') throw new ServerError('INVALID_PARAMETER', `The field ${JSON.stringify(field)} must be a string.`);
  return v;
}

async function route(req: IncomingMessage, res: ServerResponse, credentials: CredentialRegistry, logger: Logger): Promise<void> {
  const path = (req.url ?? '').split('?')[0];
  if (path === ADMIN_PATHS.credentials && req.method === 'GET') {
    send(res, 200, { credentials: listCredentials(credentials) });
  } else if (path === ADMIN_PATHS.credentials && req.method === 'POST') {
    const body = await readJsonObject(req);
    const added = await addCredential(credentials, stringField(body, 'name'), stringField(body, 'role'));
    // The token itself never goes into a log line.
    logger('credential_added', { name: added.name, role: added.role, id: added.id });
    send(res, 201, added);
  } else if (path === ADMIN_PATHS.revoke && req.method === 'POST') {
    const body = await readJsonObject(req);
    const result = await revokeCredential(credentials, stringField(body, 'name'));
    logger('credential_revoked', { ...result });
    send(res, 200, result);
  } else if (path === ADMIN_PATHS.credentials || path === ADMIN_PATHS.revoke) {
    throw new ServerError('METHOD_NOT_ALLOWED', `${req.method ?? '?'} is not allowed on ${path}.`);
  } else {
    throw new ServerError('NOT_FOUND', `The admin socket has no ${JSON.stringify(path)}.`);
  }
}

/**
 * Listens on `socketPath` (replacing a stale socket file), restricts it to the owner (mode 0600)
 * and serves the admin protocol over `credentials`. Throws an Error whose message names the
 * path when it cannot listen (too long, folder not writable).
 */
export async function startAdminServer(socketPath: string, credentials: CredentialRegistry, logger: Logger): Promise<AdminServer> {
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new Error(
      `the admin socket path ${socketPath} is longer than the ${MAX_SOCKET_PATH_BYTES} bytes a unix socket path may have; ` +
        'choose a data folder with a shorter path (--data)',
    );
  }
  const connections = new Set<Socket>();
  const server = createServer((req, res) => {
    route(req, res, credentials, logger).catch((err: unknown) => {
      const known = err instanceof ServerError ? err : undefined;
      const status = known ? (STATUS[known.code] ?? 500) : 500;
      if (status === 500) logger('admin_error', { message: err instanceof Error ? err.message : String(err) });
      const body: AdminErrorBody =
        known && status !== 500
          ? { code: known.code, message: known.message }
          : { code: 'INTERNAL', message: `The server could not do it: ${err instanceof Error ? err.message : String(err)}` };
      if (!res.headersSent) send(res, status, body);
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  // We hold the store lock, so a socket file here is left over from a crash.
  await unlink(socketPath).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw new Error(`cannot remove the stale admin socket ${socketPath}: ${err.message}`, { cause: err });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`cannot listen on the admin socket ${socketPath}: ${err.message}`, { cause: err })));
    server.listen(socketPath, () => resolve());
  });
  try {
    // The data folder is 0700 already; this keeps the socket private even in a shared folder.
    await chmod(socketPath, ADMIN_SOCKET_MODE);
  } catch (err) {
    server.close();
    throw new Error(`cannot restrict the admin socket ${socketPath} to its owner: ${(err as Error).message}`, { cause: err });
  }
  return {
    socketPath,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Let a request in progress (a store write) finish, but never wait long for a client.
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        for (const socket of connections) socket.destroy();
      }, CLOSE_GRACE_MS);
      await closed;
      clearTimeout(timer);
      // Node removes the socket file on close; make sure, since a leftover misleads `cairn token`.
      await unlink(socketPath).catch(() => undefined);
    },
  };
}
