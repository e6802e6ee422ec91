/**
 * A reader of any C2SP tlog-tiles log over HTTP (c2sp.org/tlog-tiles): `<prefix>/checkpoint`,
 * `<prefix>/tile/<L>/<N>[.p/<W>]` and `<prefix>/tile/entries/<N>[.p/<W>]`, with global fetch.
 *
 * - At most `concurrency` requests at a time; each times out after `timeoutMs`.
 * - Network errors, timeouts, 408, 429 and 5xx are retried `retries` times with exponential
 *   backoff (honouring a short Retry-After); 404 and other statuses are not.
 * - Everything from the network is hostile: bodies are capped while they stream (a hash tile
 *   must be exactly width·32 bytes, a bundle at most width·(2 + 65535) bytes, a checkpoint at
 *   most MAX_NOTE_SIZE bytes) and checked before use.
 * - A partial tile or bundle that is gone (404) is read from the full one, which the spec lets
 *   a log serve instead once the tile has filled up ("Partial Tiles").
 *
 * Only tiles the caller's verified checkpoint requires should be asked for (the spec: clients
 * MUST NOT fetch arbitrary partial tiles).
 */
import { HASH_SIZE, MAX_ENTRY_SIZE, MerkleError, TILE_WIDTH, formatTilePath, parseEntryBundle } from '../../merkle/index.js';
import { MAX_NOTE_SIZE, fail } from '../../proofs/index.js';
import { readCappedBody } from '../../client/index.js';
import { ToolError } from './errors.js';
import { Semaphore } from './parallel.js';
import type { HashTileSource } from './tile-proofs.js';

/** Settings of a TileClient. */
export interface TileClientOptions {
  /** Sent as `Authorization: Bearer <token>` (logs that require a reader token). */
  token?: string;
  /** Requests in flight at most (default 8). */
  concurrency?: number;
  /** Retries of a failed request (default 3). */
  retries?: number;
  /** Timeout of one request, body included, in ms (default 30 000). */
  timeoutMs?: number;
  /** First backoff delay in ms, doubled each retry (default 250). */
  retryDelayMs?: number;
}

const DEFAULTS = { concurrency: 8, retries: 3, timeoutMs: 30_000, retryDelayMs: 250 } as const;
// Longest Retry-After honoured, in ms: beyond it the caller's own retry policy (a monitor's
// interval) is the better judge.
const MAX_RETRY_AFTER_MS = 30_000;
const LENGTH_PREFIX = 2;

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads a tlog-tiles log over HTTP. See the file comment. */
export class TileClient implements HashTileSource {
  /** The log's URL prefix, without a trailing slash. */
  readonly prefix: string;
  readonly #options: Required<Omit<TileClientOptions, 'token'>> & { token: string | undefined };
  readonly #slots: Semaphore;
  #bytes = 0;
  #requests = 0;

  /**
   * A client of the log at `prefix` (http or https URL). Throws ToolError FETCH_FAILED for a
   * URL that is not http(s), RangeError for out-of-range options.
   */
  constructor(prefix: string, options: TileClientOptions = {}) {
    let url: URL;
    try {
      url = new URL(prefix);
    } catch (err) {
      throw new ToolError('FETCH_FAILED', `${JSON.stringify(prefix)} is not a URL; give the log's URL prefix, e.g. https://log.example.com`, { cause: err });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ToolError('FETCH_FAILED', `the log URL must be http or https, not ${url.protocol}`);
    }
    this.prefix = url.href.replace(/\/+$/, '');
    this.#options = {
      concurrency: options.concurrency ?? DEFAULTS.concurrency,
      retries: options.retries ?? DEFAULTS.retries,
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      retryDelayMs: options.retryDelayMs ?? DEFAULTS.retryDelayMs,
      token: options.token,
    };
    if (!Number.isInteger(this.#options.retries) || this.#options.retries < 0) throw new RangeError('retries must be an integer >= 0');
    if (!(this.#options.timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
    this.#slots = new Semaphore(this.#options.concurrency);
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
   * The text of `<prefix>/checkpoint`, unverified. Throws ToolError FETCH_FAILED / NOT_FOUND
   * when it cannot be read, VerificationError MALFORMED_NOTE when it is larger than
   * MAX_NOTE_SIZE or not UTF-8.
   */
  async checkpoint(): Promise<string> {
    const body = await this.#get('checkpoint', MAX_NOTE_SIZE, () => fail('MALFORMED_NOTE', `the checkpoint of ${this.prefix} is larger than ${MAX_NOTE_SIZE} bytes`));
    try {
      return utf8Decoder.decode(body);
    } catch (err) {
      fail('MALFORMED_NOTE', `the checkpoint of ${this.prefix} is not UTF-8`, err);
    }
  }

  /**
   * The first `width` hashes of hash tile `index` at `level` (width·32 bytes), from
   * `tile/<level>/<index>[.p/<width>]`, or from the full tile when the partial one is gone.
   * Throws ToolError: FETCH_FAILED, NOT_FOUND, MALFORMED_TILE (wrong length).
   */
  async readHashTile(level: number, index: number, width: number): Promise<Uint8Array> {
    const path = formatTilePath({ kind: 'hash', level, index, width });
    const read = async (w: number, p: string) => {
      const bytes = await this.#get(p, w * HASH_SIZE, () => tileError(p, `is longer than ${w} hashes`));
      if (bytes.length !== w * HASH_SIZE) tileError(p, `is ${bytes.length} bytes, not ${w} hashes of ${HASH_SIZE} bytes`);
      return bytes;
    };
    try {
      return await read(width, path);
    } catch (err) {
      if (!(err instanceof ToolError && err.code === 'NOT_FOUND' && width < TILE_WIDTH)) throw err;
      const full = await read(TILE_WIDTH, formatTilePath({ kind: 'hash', level, index, width: TILE_WIDTH }));
      return full.slice(0, width * HASH_SIZE);
    }
  }

  /**
   * The `width` entries of entry bundle `index`, from `tile/entries/<index>[.p/<width>]`, or the
   * first `width` of the full bundle when the partial one is gone. The entries are the exact
   * bytes the log hashed. Throws ToolError: FETCH_FAILED, NOT_FOUND, MALFORMED_TILE.
   */
  async readEntryBundle(index: number, width: number): Promise<Uint8Array[]> {
    const path = formatTilePath({ kind: 'entries', index, width });
    const read = async (w: number, p: string) => {
      const bytes = await this.#get(p, w * (LENGTH_PREFIX + MAX_ENTRY_SIZE), () => tileError(p, `is longer than ${w} entries can be`));
      try {
        return parseEntryBundle(bytes, w);
      } catch (err) {
        if (err instanceof MerkleError) tileError(p, err.message.replace(/^entry bundle /, ''), err);
        throw err;
      }
    };
    try {
      return await read(width, path);
    } catch (err) {
      if (!(err instanceof ToolError && err.code === 'NOT_FOUND' && width < TILE_WIDTH)) throw err;
      const full = await read(TILE_WIDTH, formatTilePath({ kind: 'entries', index, width: TILE_WIDTH }));
      return full.slice(0, width);
    }
  }

  /** GET `<prefix>/<path>` with retries; the body, at most maxBytes (tooLarge() throws beyond). */
  async #get(path: string, maxBytes: number, tooLarge: () => never): Promise<Uint8Array> {
    const url = `${this.prefix}/${path}`;
    let lastError: ToolError | undefined;
    for (let attempt = 0; attempt <= this.#options.retries; attempt++) {
      if (attempt > 0) await delay(lastRetryDelay(lastError) ?? this.#options.retryDelayMs * 2 ** (attempt - 1));
      const outcome = await this.#slots.run(() => this.#attempt(url, path, maxBytes, tooLarge));
      if (outcome instanceof Uint8Array) {
        this.#requests++;
        return outcome;
      }
      lastError = outcome;
    }
    throw lastError!;
  }

  /** One request: the body, or a retryable ToolError; throws what must not be retried. */
  async #attempt(url: string, path: string, maxBytes: number, tooLarge: () => never): Promise<Uint8Array | RetryableError> {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: this.#options.token === undefined ? {} : { Authorization: `Bearer ${this.#options.token}` },
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
    } catch (err) {
      return new RetryableError(`GET ${url} failed: ${describeFetchError(err)}`, path, err);
    }
    if (response.status === 200) {
      try {
        const body = (await readCappedBody(response, maxBytes)) ?? tooLarge();
        this.#bytes += body.length;
        return body;
      } catch (err) {
        if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError' || err instanceof TypeError)) {
          return new RetryableError(`GET ${url} failed while reading the body: ${describeFetchError(err)}`, path, err);
        }
        throw err;
      }
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 404) {
      throw new ToolError('NOT_FOUND', `GET ${url} answered 404: the log does not serve ${path}`, { where: path });
    }
    const message = `GET ${url} answered ${response.status} ${response.statusText}`.trimEnd();
    if (response.status === 408 || response.status === 429 || response.status >= 500) {
      return new RetryableError(message, path, undefined, retryAfterMs(response.headers.get('retry-after')));
    }
    throw new ToolError('FETCH_FAILED', message, { where: path });
  }
}

/** A failed attempt that may succeed when tried again. */
class RetryableError extends ToolError {
  constructor(
    message: string,
    where: string,
    cause?: unknown,
    readonly retryAfterMs?: number,
  ) {
    super('FETCH_FAILED', message, { where, cause });
  }
}

function lastRetryDelay(err: ToolError | undefined): number | undefined {
  return err instanceof RetryableError ? err.retryAfterMs : undefined;
}

/** Retry-After in delta-seconds (the form servers use for 503/429), capped; else undefined. */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null || !/^[0-9]{1,6}$/.test(value.trim())) return undefined;
  return Math.min(Number(value.trim()) * 1000, MAX_RETRY_AFTER_MS);
}

/** The useful part of a fetch failure: undici hides the reason (ECONNREFUSED...) in `cause`. */
function describeFetchError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'timed out';
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code !== undefined) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return cause?.message ?? err.message;
}

function tileError(path: string, problem: string, cause?: unknown): never {
  throw new ToolError('MALFORMED_TILE', `${path} ${problem}`, { where: path, cause });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
