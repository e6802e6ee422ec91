/**
 * Bearer-token authentication of requests (SPEC §4, §5): `Authorization: Bearer <token>`,
 * checked against the log's credentials. A missing, malformed, unknown or revoked token gets
 * 401 with `WWW-Authenticate: Bearer`; a valid token without the needed role gets 403.
 *
 * Rules, by kind of route:
 * - writes need a `writer` token; the credential's name is the entry's submitter;
 * - reads are public, unless the log requires a `reader` token for them
 *   (`policy.requireReaderForReads`); a token presented on a public read is still checked, so a
 *   revoked or mistyped token is never silently ignored;
 * - payloads (in entries) need a `reader` token unless the log makes them public.
 *
 * Failed authentications (a malformed header, an unknown or revoked token) are rate-limited per
 * client address by the app's AuthFailureLimiter (auth-rate-limit.ts): beyond the budget they
 * get 429 TOO_MANY_AUTH_FAILURES with Retry-After instead of 401. Valid tokens are never limited.
 *
 * Tokens never leave this file: they are not logged, echoed or stored on the request.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Principal, Role } from '../auth/credentials.js';
import { ServerError } from '../errors.js';
import type { LogContext } from './served-log.js';
import { authFailureLimiterOf } from './auth-rate-limit.js';

// A token is a few dozen printable characters; anything far longer is not one of ours.
const MAX_AUTHORIZATION_LENGTH = 1024;

/** What the auth middlewares leave in `res.locals` for the handlers and the request log. */
interface AuthLocals {
  principal?: Principal;
  payloadAllowed?: boolean;
}

function locals(res: Response): AuthLocals {
  return res.locals as AuthLocals;
}

/** The principal the auth middleware found, if any. */
export function principalOf(res: Response): Principal | undefined {
  return locals(res).principal;
}

/** The principal of a route guarded by `requireRole`. Throws INTERNAL if the route is not guarded. */
export function requirePrincipal(res: Response): Principal {
  const p = locals(res).principal;
  if (p === undefined) throw new ServerError('INTERNAL', 'The route has no authenticated principal.');
  return p;
}

/** True when the payload middleware allowed this request to see payloads and nonces. */
export function payloadAllowed(res: Response): boolean {
  return locals(res).payloadAllowed === true;
}

function unauthenticated(res: Response, detail: string, invalidToken: boolean): ServerError {
  res.set('WWW-Authenticate', invalidToken ? 'Bearer realm="cairn", error="invalid_token"' : 'Bearer realm="cairn"');
  return new ServerError('UNAUTHENTICATED', detail);
}

/**
 * A failed authentication: 401 invalid_token while the client address is within its budget of
 * failures, 429 TOO_MANY_AUTH_FAILURES with Retry-After beyond it.
 */
function failedAuthentication(req: Request, res: Response, detail: string): ServerError {
  const retryAfter = authFailureLimiterOf(req)?.recordFailure(req.socket.remoteAddress) ?? 0;
  if (retryAfter > 0) {
    return new ServerError(
      'TOO_MANY_AUTH_FAILURES',
      `Too many requests from your address presented a malformed, unknown or revoked token; wait ${retryAfter} seconds before trying again, and check the token (\`cairn token list\` shows which exist). Valid tokens are not affected.`,
      { retryAfter },
    );
  }
  return unauthenticated(res, detail, true);
}

/**
 * The principal of the request's bearer token, or undefined when the request has no
 * Authorization header. Throws UNAUTHENTICATED for a header that is not `Bearer <token>` or a
 * token that is unknown or revoked (the same sentence for both: no oracle for token ids), or
 * TOO_MANY_AUTH_FAILURES once the client address has failed too often.
 */
export function authenticate(ctx: LogContext, req: Request, res: Response): Principal | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const m = header.length <= MAX_AUTHORIZATION_LENGTH ? /^Bearer +([!-~]+)$/i.exec(header) : null;
  if (m === null) {
    throw failedAuthentication(req, res, 'The Authorization header must be "Bearer <token>" with a token made by `cairn token add`.');
  }
  const principal = ctx.log.authenticate(m[1]!);
  if (principal === undefined) {
    throw failedAuthentication(req, res, 'The bearer token is unknown or revoked; ask the operator for a valid token (`cairn token add`).');
  }
  return principal;
}

function requireToken(ctx: LogContext, req: Request, res: Response, role: Role, purpose: string): Principal {
  const principal = authenticate(ctx, req, res);
  if (principal === undefined) {
    throw unauthenticated(res, `${purpose} needs a ${role} token: send "Authorization: Bearer <token>".`, false);
  }
  if (principal.role !== role) {
    throw new ServerError(
      'FORBIDDEN',
      `${purpose} needs a ${role} token, but the credential ${JSON.stringify(principal.name)} is a ${principal.role}; use a ${role} token.`,
    );
  }
  return principal;
}

/** Requires a token with `role` (401 without one, 403 with another role). */
export function requireRole(ctx: LogContext, role: Role, purpose: string): RequestHandler {
  return (req, res, next) => {
    locals(res).principal = requireToken(ctx, req, res, role, purpose);
    next();
  };
}

/**
 * Guards a read route: a reader token when the log requires one for reads, otherwise public
 * (a presented token is still checked).
 */
export function readAccess(ctx: LogContext): RequestHandler {
  return (req, res, next) => {
    const principal = ctx.policy.requireReaderForReads ? requireToken(ctx, req, res, 'reader', 'Reading this log') : authenticate(ctx, req, res);
    if (principal !== undefined) locals(res).principal = principal;
    next();
  };
}

/**
 * Guards a route that can serve payloads (entries). With public payloads (or a reader token)
 * the payloads are served; without a token the entries are served without them; a token
 * without the reader role gets 403, since it asks for what it may not see.
 */
export function payloadAccess(ctx: LogContext): RequestHandler {
  return (req, res, next) => {
    const principal = ctx.policy.requireReaderForReads ? requireToken(ctx, req, res, 'reader', 'Reading this log') : authenticate(ctx, req, res);
    if (principal !== undefined) {
      locals(res).principal = principal;
      if (principal.role !== 'reader' && !ctx.policy.publicPayloads) {
        throw new ServerError(
          'FORBIDDEN',
          `Payloads need a reader token, but the credential ${JSON.stringify(principal.name)} is a ${principal.role}; use a reader token, or send no Authorization header to get the entries without payloads.`,
        );
      }
    }
    locals(res).payloadAllowed = ctx.policy.publicPayloads || principal?.role === 'reader';
    next();
  };
}
