/**
 * The admin protocol: a tiny JSON-over-HTTP protocol on the unix socket `<dataDir>/admin.sock`,
 * through which `cairn token` manages the credentials of a running server (SPEC §7: "also while
 * the server runs"). The socket's file mode (0600, owner only) is its only access control, the
 * same as for the data folder itself, so it never leaves the machine and carries no token.
 *
 * Requests and answers (bodies are JSON objects, at most ADMIN_MAX_BODY_BYTES):
 * - `GET  /v1/credentials`         → 200 `{"credentials": CredentialInfo[]}` (never secrets)
 * - `POST /v1/credentials`         `{"name", "role"}` → 201 `{"name", "role", "token", "id"}`
 * - `POST /v1/credentials/revoke`  `{"name"}` → 200 `{"name", "revoked": <count>}`
 * - any error                      → 4xx/5xx `{"code": ServerErrorCode, "message": "..."}`
 */
import type { CredentialInfo, Role } from '../auth/credentials.js';

/** The largest request or response body of the admin protocol. */
export const ADMIN_MAX_BODY_BYTES = 64 * 1024;

/** File mode of the admin socket: the owner only, like the data folder and the key. */
export const ADMIN_SOCKET_MODE = 0o600;

/**
 * Linux's limit on a unix socket path (sun_path is 108 bytes, NUL included); macOS allows 103.
 * A longer path cannot be bound, so the server refuses it with a clear sentence.
 */
export const MAX_SOCKET_PATH_BYTES = process.platform === 'linux' ? 107 : 103;

export const ADMIN_PATHS = {
  credentials: '/v1/credentials',
  revoke: '/v1/credentials/revoke',
} as const;

/** A new credential: the token is shown this once and never again. */
export interface NewCredential {
  name: string;
  role: Role;
  token: string;
  id: string;
}

/** What a revocation did: how many active tokens of `name` it revoked (0: all were revoked already). */
export interface RevokeResult {
  name: string;
  revoked: number;
}

/** The error body of the admin protocol. */
export interface AdminErrorBody {
  code: string;
  message: string;
}
