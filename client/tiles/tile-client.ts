/**
 * A reader of any C2SP tlog-tiles log over HTTP (c2sp.org/tlog-tiles): `<prefix>/checkpoint`,
 * `<prefix>/tile/<L>/<N>[.p/<W>]` and `<prefix>/tile/entries/<N>[.p/<W>]`.
 *
 * - Requests go through the client's one Transport (../transport.ts): a timeout per attempt,
 *   and the one retry policy of ../retry.ts (429, 502, 503, 504, network errors and timeouts,
 *   backoff with full jitter, Retry-After honoured up to maxRetryDelayMs). 404 and every other
 *   status are not retried.
 * - At most `concurrency` requests at a time (a request holds its slot through its retries, so
 *   a log that pushes back gets fewer requests, not more).
 * - Everything from the network is hostile: bodies are capped while they stream (a hash tile
 *   must be exactly width·32 bytes, a bundle at most width·(2 + 65535) bytes, a checkpoint at
 *   most MAX_NOTE_SIZE bytes) and checked before use.
 * - A partial tile or bundle that is gone (404) is read from the full one, which the spec lets
 *   a log serve instead once the tile has filled up ("Partial Tiles").
 *
 * Only tiles the caller's verified checkpoint requires should be asked for (the spec: clients
 * MUST NOT fetch arbitrary partial tiles).
 *
 * Browser-safe: fetch only, no node: imports.
 */
import { HASH_SIZE, MAX_ENTRY_SIZE, MerkleError, TILE_WIDTH, formatTilePath, parseEntryBundle } from '../../merkle/index.js';
import { MAX_NOTE_SIZE, fail } from '../../proofs/index.js';
import { CairnHttpError, CairnRequestError } from '../errors.js';
import { DEFAULT_RETRY_POLICY, checkRetryPolicy, type RetryPolicy } from '../retry.js';
import { Transport, type RetryEvent } from '../transport.js';
import { TileError } from './errors.js';
import { Semaphore } from './parallel.js';
import type { HashTileSource } from './tile-proofs.js';

/** Settings of a TileClient. */
export interface TileClientOptions {
  /** Sent as `Authorization: Bearer <token>` (logs that require a reader token). */
  token?: string;
  /** Requests in flight at most (default 8). */
  concurrency?: number;
  /** Retries after the first attempt (default 3; 0 disables retries). */
  retries?: number;
  /** First backoff step in ms, doubled per retry, with full jitter (default 250). */
  retryBaseDelayMs?: number;
  /** Longest wait between attempts in ms; a longer Retry-After ends the retries (default 30 000). */
  maxRetryDelayMs?: number;
  /** Time limit of one attempt, body included, in ms (default 30 000). */
  timeoutMs?: number;
  /** The fetch to use (default: globalThis.fetch). */
  fetch?: typeof fetch;
  /** Told about every retry before the client waits (for logs and metrics). */
  onRetry?: (event: RetryEvent) => void;
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_TIMEOUT_MS = 30_000;
const LENGTH_PREFIX = 2;
const TEXT_TYPE = 'text/plain';
const BYTES_TYPE = 'application/octet-stream';

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads a tlog-tiles log over HTTP. See the file comment. */
export class TileClient implements HashTileSource {
  /** The log's URL prefix, without a trailing slash. */
  readonly prefix: string;
  readonly #transport: Transport;
  readonly #slots: Semaphore;
  #bytes = 0;
  #requests = 0;

  /**
   * A client of the log at `prefix` (http or https URL). Throws TileError FETCH_FAILED for a
   * URL that is not http(s), RangeError for out-of-range options.
   */
  constructor(prefix: string, options: TileClientOptions = {}) {
    let url: URL;
    try {
      url = new URL(prefix);
    } catch (err) {
      throw new TileError('FETCH_FAILED', `${JSON.stringify(prefix)} is not a URL; give the log's URL prefix, e.g. https://log.example.com`, { cause: err });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TileError('FETCH_FAILED', `the log URL must be http or https, not ${url.protocol}`);
    }
    this.prefix = url.href.replace(/\/+$/, '');
    const retry: RetryPolicy = {
      retries: options.retries ?? DEFAULT_RETRY_POLICY.retries,
      baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      maxDelayMs: options.maxRetryDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    };
    const problem = checkRetryPolicy(retry);
    if (problem !== undefined) throw new RangeError(problem);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) throw new RangeError('timeoutMs must be a positive integer');
    const fetchFn = options.fetch ?? globalThis.fetch;
    this.#transport = new Transport({
      baseUrl: this.prefix,
      token: options.token,
      // Called unbound, browsers throw "Illegal invocation".
      fetch: (input, init) => fetchFn(input, init),
      timeoutMs,
      // Every request sets its own cap (below).
      maxResponseBytes: TILE_WIDTH * (LENGTH_PREFIX + MAX_ENTRY_SIZE),
      retry,
      onRetry: options.onRetry,
    });
    this.#slots = new Semaphore(options.concurrency ?? DEFAULT_CONCURRENCY);
  }

  /** Body bytes received so far (after HTTP decompression). */
  get bytesReceived(): number {
    return this.#bytes;
  }

  /** Successful requests so far. */
  get requests(): number {
    return this.#requests;
  }

  /**
   * The text of `<prefix>/checkpoint`, unverified. Throws TileError FETCH_FAILED / NOT_FOUND
   * when it cannot be read, VerificationError MALFORMED_NOTE when it is larger than
   * MAX_NOTE_SIZE or not UTF-8.
   */
  async checkpoint(): Promise<string> {
    const body = await this.#get('checkpoint', TEXT_TYPE, MAX_NOTE_SIZE, () =>
      fail('MALFORMED_NOTE', `the checkpoint of ${this.prefix} is larger than ${MAX_NOTE_SIZE} bytes`),
    );
    try {
      return utf8Decoder.decode(body);
    } catch (err) {
      fail('MALFORMED_NOTE', `the checkpoint of ${this.prefix} is not UTF-8`, err);
    }
  }

  /**
   * The first `width` hashes of hash tile `index` at `level` (width·32 bytes), from
   * `tile/<level>/<index>[.p/<width>]`, or from the full tile when the partial one is gone.
   * Throws TileError: FETCH_FAILED, NOT_FOUND, MALFORMED_TILE (wrong length).
   */
  async readHashTile(level: number, index: number, width: number): Promise<Uint8Array> {
    const read = async (w: number) => {
      const path = formatTilePath({ kind: 'hash', level, index, width: w });
      const bytes = await this.#get(path, BYTES_TYPE, w * HASH_SIZE, () => tileError(path, `is longer than ${w} hashes`));
      if (bytes.length !== w * HASH_SIZE) tileError(path, `is ${bytes.length} bytes, not ${w} hashes of ${HASH_SIZE} bytes`);
      return bytes;
    };
    return withFullFallback(width, read, (full) => full.slice(0, width * HASH_SIZE));
  }

  /**
   * The `width` entries of entry bundle `index`, from `tile/entries/<index>[.p/<width>]`, or the
   * first `width` of the full bundle when the partial one is gone. The entries are the exact
   * bytes the log hashed. Throws TileError: FETCH_FAILED, NOT_FOUND, MALFORMED_TILE.
   */
  async readEntryBundle(index: number, width: number): Promise<Uint8Array[]> {
    const read = async (w: number) => {
      const path = formatTilePath({ kind: 'entries', index, width: w });
      const bytes = await this.#get(path, BYTES_TYPE, w * (LENGTH_PREFIX + MAX_ENTRY_SIZE), () => tileError(path, `is longer than ${w} entries can be`));
      try {
        return parseEntryBundle(bytes, w);
      } catch (err) {
        if (err instanceof MerkleError) tileError(path, err.message.replace(/^entry bundle /, ''), err);
        throw err;
      }
    };
    return withFullFallback(width, read, (full) => full.slice(0, width));
  }

  /**
   * GET `<prefix>/<path>` through the transport; the body, at most maxBytes (tooLarge() throws
   * beyond). Maps the transport's errors to TileError: 404 NOT_FOUND, anything else that is
   * not an answer FETCH_FAILED.
   */
  async #get(path: string, accept: string, maxBytes: number, tooLarge: () => never): Promise<Uint8Array> {
    const url = `${this.prefix}/${path}`;
    let body: Uint8Array;
    try {
      ({ body } = await this.#slots.run(() => this.#transport.send({ method: 'GET', path: `/${path}`, accept, maxResponseBytes: maxBytes })));
    } catch (err) {
      if (err instanceof CairnRequestError && err.code === 'BAD_RESPONSE') tooLarge();
      if (err instanceof CairnHttpError && err.status === 404) {
        throw new TileError('NOT_FOUND', `GET ${url} answered 404: the log does not serve ${path}`, { where: path, cause: err });
      }
      if (err instanceof CairnHttpError || err instanceof CairnRequestError) {
        const tries = err.attempts > 1 ? ` after ${err.attempts} attempts` : '';
        throw new TileError('FETCH_FAILED', `GET ${url} failed${tries}: ${err.message}`, { where: path, cause: err });
      }
      throw err;
    }
    this.#bytes += body.length;
    this.#requests++;
    return body;
  }
}

/**
 * Reads a tile (or bundle) at `width`; when that partial one is gone (404), reads the full one
 * and cuts it down with `cut`. A full tile that is gone is an error as it is.
 */
async function withFullFallback<T>(width: number, read: (width: number) => Promise<T>, cut: (full: T) => T): Promise<T> {
  try {
    return await read(width);
  } catch (err) {
    if (!(err instanceof TileError && err.code === 'NOT_FOUND' && width < TILE_WIDTH)) throw err;
    return cut(await read(TILE_WIDTH));
  }
}

function tileError(path: string, problem: string, cause?: unknown): never {
  throw new TileError('MALFORMED_TILE', `${path} ${problem}`, { where: path, cause });
}
