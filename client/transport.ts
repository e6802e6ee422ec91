/**
 * The client's one way to the network: fetch with a bearer token, a timeout per attempt, a cap
 * on the response size, and retries as retry.ts decides. It answers a 2xx response read whole,
 * or throws CairnHttpError (with the server's RFC 9457 problem) or CairnRequestError.
 *
 * Browser-safe: fetch, AbortController, Headers, TextDecoder; no node: imports.
 */
import { CairnHttpError, CairnRequestError, type CairnRequestErrorCode, type Problem } from './errors.js';
import { isRetryableStatus, parseRetryAfter, retryDelay, type RetryPolicy } from './retry.js';

/** What `onRetry` is told before the client waits and tries again. */
export interface RetryEvent {
  method: string;
  /** The path and query, without the base URL. */
  path: string;
  /** 1 for the first retry. */
  retry: number;
  /** How long the client waits before the retry, in ms. */
  delayMs: number;
  /** The refusal or failure of the attempt that is retried. */
  error: CairnHttpError | CairnRequestError;
}

/** The settings of a transport (CairnClient fills them from its options). */
export interface TransportOptions {
  /** The log's base URL without a trailing slash. */
  baseUrl: string;
  token: string | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  maxResponseBytes: number;
  retry: RetryPolicy;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

/** One request. `body` bytes are sent as they are. */
export interface TransportRequest {
  method: 'GET' | 'POST';
  /** Starts with `/`; may carry a query. */
  path: string;
  accept: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  signal?: AbortSignal | undefined;
  /** This request's cap on the response body, in bytes (default: the transport's). */
  maxResponseBytes?: number;
}

/** A 2xx response, read whole. */
export interface TransportResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The body as UTF-8 text; BAD_RESPONSE when it is not valid UTF-8. */
export function responseText(res: TransportResponse, what: string): string {
  try {
    return STRICT_UTF8.decode(res.body);
  } catch (cause) {
    throw new CairnRequestError('BAD_RESPONSE', `the server's ${what} is not valid UTF-8 text`, { attempts: 1, cause });
  }
}

/** The body parsed as JSON; BAD_RESPONSE when it is not JSON. */
export function responseJson(res: TransportResponse, what: string): unknown {
  const text = responseText(res, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new CairnRequestError('BAD_RESPONSE', `the server's ${what} is not JSON`, { attempts: 1, cause });
  }
}

/** Sends requests for one client. */
export class Transport {
  constructor(private readonly options: TransportOptions) {}

  /**
   * Sends `req`, retrying what retry.ts allows, and resolves with the first 2xx response.
   * Throws CairnHttpError for a non-2xx answer, CairnRequestError for TIMEOUT, NETWORK_ERROR,
   * ABORTED and BAD_RESPONSE (a body larger than maxResponseBytes).
   */
  async send(req: TransportRequest): Promise<TransportResponse> {
    for (let attempt = 1; ; attempt++) {
      let error: CairnHttpError | CairnRequestError;
      let retryAfterMs: number | undefined;
      try {
        const res = await this.attempt(req, attempt);
        if (res.status >= 200 && res.status < 300) return res;
        retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), Date.now());
        error = new CairnHttpError(problemOf(res), { attempts: attempt, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
        if (!isRetryableStatus(res.status)) throw error;
      } catch (err) {
        if (err instanceof CairnHttpError) throw err;
        if (!(err instanceof CairnRequestError) || err.code === 'ABORTED' || err.code === 'BAD_RESPONSE') throw err;
        error = err;
      }
      const delayMs = retryDelay(attempt - 1, retryAfterMs, this.options.retry);
      if (delayMs === undefined) throw error;
      this.options.onRetry?.({ method: req.method, path: req.path, retry: attempt, delayMs, error });
      await sleep(delayMs, req.signal, attempt);
    }
  }

  /** One attempt under its own timer; any answer is returned, failures are CairnRequestError. */
  private async attempt(req: TransportRequest, attempt: number): Promise<TransportResponse> {
    const { timeoutMs } = this.options;
    const maxResponseBytes = req.maxResponseBytes ?? this.options.maxResponseBytes;
    if (req.signal?.aborted) throw aborted(attempt, req.signal.reason);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = (): void => controller.abort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const fail = (code: CairnRequestErrorCode, message: string, cause?: unknown): CairnRequestError =>
      new CairnRequestError(code, message, { attempts: attempt, cause });
    const where = `${req.method} ${req.path}`;
    try {
      const headers: Record<string, string> = { Accept: req.accept, ...req.headers };
      if (this.options.token !== undefined) headers['Authorization'] = `Bearer ${this.options.token}`;
      let res: Response;
      try {
        res = await this.options.fetch(this.options.baseUrl + req.path, {
          method: req.method,
          headers,
          // A copy: fetch wants an ArrayBuffer-backed view, and the caller may reuse its array.
          ...(req.body === undefined ? {} : { body: new Uint8Array(req.body) }),
          signal: controller.signal,
        });
      } catch (cause) {
        if (req.signal?.aborted) throw aborted(attempt, req.signal.reason);
        if (timedOut) throw fail('TIMEOUT', `${where}: no answer within ${timeoutMs} ms`, cause);
        throw fail('NETWORK_ERROR', `${where}: cannot reach ${this.options.baseUrl} (${describe(cause)})`, cause);
      }
      let body: Uint8Array;
      try {
        const capped = await readCappedBody(res, maxResponseBytes);
        if (capped === undefined) throw new TooLarge();
        body = capped;
      } catch (cause) {
        if (req.signal?.aborted) throw aborted(attempt, req.signal.reason);
        if (timedOut) throw fail('TIMEOUT', `${where}: the answer did not arrive within ${timeoutMs} ms`, cause);
        if (cause instanceof TooLarge) throw fail('BAD_RESPONSE', `${where}: the answer is larger than ${maxResponseBytes} bytes`);
        throw fail('NETWORK_ERROR', `${where}: the connection broke while reading the answer (${describe(cause)})`, cause);
      }
      return { status: res.status, headers: res.headers, body };
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }
}

class TooLarge extends Error {}

/**
 * Reads a response body whole, refusing to hold more than `maxBytes` of it: returns undefined
 * (and cancels the body) as soon as it is larger. Content-Length counts encoded bytes, so it
 * refuses up front only an identity body.
 */
export async function readCappedBody(res: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = res.headers.get('content-length');
  if (declared !== null && res.headers.get('content-encoding') === null && Number(declared) > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (res.body === null) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The problem object of an error response: the server's, when it sent a well-formed RFC 9457
 * object, otherwise one made of the status and the start of the body (a proxy's HTML page).
 */
function problemOf(res: TransportResponse): Problem {
  let text = '';
  try {
    text = STRICT_UTF8.decode(res.body);
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const p = value as Record<string, unknown>;
      if (typeof p['title'] === 'string' && typeof p['detail'] === 'string') {
        // Typed members (ProblemJson) are kept only when they have their type.
        const { code, limit, entry, ...rest } = p;
        return {
          ...rest,
          type: typeof p['type'] === 'string' ? p['type'] : 'about:blank',
          title: p['title'],
          // The status line is what happened; a body could claim anything.
          status: res.status,
          detail: p['detail'],
          ...(typeof code === 'string' ? { code } : {}),
          ...(Number.isSafeInteger(limit) ? { limit: limit as number } : {}),
          ...(Number.isSafeInteger(entry) ? { entry: entry as number } : {}),
        };
      }
    }
  } catch {
    // Not a problem object: described below.
  }
  const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return {
    type: 'about:blank',
    title: `HTTP ${res.status}`,
    status: res.status,
    detail: snippet === '' ? `the server answered ${res.status} without a problem description` : `the server answered ${res.status}: ${snippet}`,
  };
}

function aborted(attempts: number, reason: unknown): CairnRequestError {
  return new CairnRequestError('ABORTED', 'the request was aborted by the caller', { attempts, cause: reason });
}

function describe(err: unknown): string {
  // Duck-typed: fetch's errors may come from another realm (a VM context), where instanceof fails.
  const message = typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : undefined;
  if (typeof message !== 'string') return String(err);
  // undici reports the reason (ECONNREFUSED, ...) in `cause`.
  const cause = (err as { cause?: unknown }).cause;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? `${message}: ${code}` : message;
}

/** Waits `ms`, or rejects with ABORTED as soon as `signal` fires. */
function sleep(ms: number, signal: AbortSignal | undefined, attempts: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(aborted(attempts, signal.reason));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted(attempts, signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
