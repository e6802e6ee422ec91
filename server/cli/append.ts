/**
 * `cairn append --url U --token T [--content-type C] [--idempotency-key K] [--event-time T]
 * [--vkey K] [FILE|-]` (SPEC §7, §4): appends one event, read from FILE or stdin byte for byte,
 * and prints the receipt JSON, exactly the server's receipt object, on one line: save it, and
 * `cairn verify` checks it years later.
 *
 * With --vkey the receipt is verified (and checked to be the receipt of this event) before it
 * is printed; a receipt that does not verify is not printed, and the command exits 1. Without
 * --vkey a note on stderr says the receipt is unverified. A refusal by the log exits 1 with the
 * problem's detail, which says what to do.
 *
 * It uses CairnClient, so it retries 503 (honouring Retry-After), 429 and connection errors,
 * with one idempotency key for all attempts: a retry never appends the event twice.
 */
import { CairnClient, CairnHttpError, CairnRequestError } from '../../client/index.js';
import { VerificationError, parseTimestamp } from '../../proofs/index.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, defineCommand } from './command.js';
import { loadVerifierKey, readInput, verifyFailureReason } from './verify.js';

/** The `cairn append` command. */
export const appendCommand = defineCommand({
  name: 'append',
  summary: 'append one event (a file or stdin) and print its receipt (JSON)',
  usage: 'append --url U --token T [--content-type C] [--idempotency-key K] [--event-time T] [--vkey K] [FILE|-]',
  options: {
    url: { type: 'string', help: "the log's URL, e.g. http://127.0.0.1:8080", env: 'CAIRN_URL', placeholder: 'U' },
    token: { type: 'string', help: 'a writer token', env: 'CAIRN_TOKEN', placeholder: 'T' },
    'content-type': { type: 'string', help: 'the media type of the event', default: 'application/octet-stream', placeholder: 'C' },
    'idempotency-key': { type: 'string', help: 'send the same key again to get the original receipt instead of a new entry', placeholder: 'K' },
    'event-time': { type: 'string', help: 'when the event happened, RFC 3339 (e.g. 2026-01-31T12:00:00.5Z)', placeholder: 'T' },
    vkey: { type: 'string', help: "the log's verifier key (or a file holding it): verify the receipt before printing it", env: 'CAIRN_VKEY', placeholder: 'K' },
  },
  maxPositionals: 1,
  async run(options, positionals, io) {
    if (options.url === undefined || options.url === '') throw new UsageError('--url is required (or set CAIRN_URL)');
    if (options.token === undefined || options.token === '') throw new UsageError('--token is required (or set CAIRN_TOKEN)');
    const eventTime = options['event-time'];
    if (eventTime !== undefined) {
      try {
        parseTimestamp(eventTime);
      } catch (err) {
        throw new UsageError(`--event-time must be an RFC 3339 time such as 2026-01-31T12:00:00.123456789Z: ${(err as Error).message}`);
      }
    }
    const key = options.vkey === undefined || options.vkey === '' ? undefined : await loadVerifierKey(options.vkey);
    let client: CairnClient;
    try {
      client = new CairnClient(options.url, { token: options.token, ...(key === undefined ? {} : { verifierKey: key }) });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const payload = await readInput(positionals[0], io, 'event file');

    const fail = (message: string, extra: Record<string, unknown>): number => {
      if (options.json) io.stdout(JSON.stringify({ error: message, ...extra }) + '\n');
      io.stderr(`cairn append: ${message}\n`);
      return EXIT_FAILURE;
    };
    let result;
    try {
      result = await client.append(payload, {
        contentType: options['content-type'] ?? 'application/octet-stream',
        ...(options['idempotency-key'] === undefined ? {} : { idempotencyKey: options['idempotency-key'] }),
        ...(eventTime === undefined ? {} : { occurredAt: eventTime }),
        verify: key !== undefined,
      });
    } catch (err) {
      if (err instanceof CairnHttpError) {
        return fail(`the log refused the event (HTTP ${err.status}${err.code ? ` ${err.code}` : ''}): ${err.problem.detail}`, {
          status: err.status,
          problem: err.problem,
        });
      }
      if (err instanceof CairnRequestError)
        return fail(`${err.message} (${err.code}, after ${err.attempts} attempt${err.attempts === 1 ? '' : 's'})`, { code: err.code });
      if (err instanceof VerificationError) {
        if (err.code === 'INVALID_ARGUMENT') throw new UsageError(err.message);
        return fail(`the log's receipt does not verify, so it was not printed: ${verifyFailureReason(err.code)} (${err.code}: ${err.message})`, {
          code: err.code,
        });
      }
      throw err;
    }
    io.stdout(JSON.stringify(result.receipt) + '\n');
    if (key === undefined) io.stderr('cairn append: note: the receipt was not verified (no --vkey); check it with `cairn verify --vkey K`.\n');
    return EXIT_OK;
  },
});
