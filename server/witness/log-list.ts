/**
 * The `--logs FILE` of `cairn witness`: the logs it may cosign, one `log <vkey>` line each, in
 * the syntax of C2SP tlog-policy's log lines (an optional URL after the key is allowed and
 * ignored). Blank lines and `#` comment lines are skipped; whitespace is spaces and tabs. The
 * key must be an Ed25519 note verifier key whose name is the log's origin.
 */
import { CodedError } from '../../merkle/index.js';
import { VerificationError, parseVerifierKey, type VerifierKey } from '../../proofs/index.js';

/** Largest log list read, in characters. */
export const MAX_LOG_LIST_SIZE = 1024 * 1024;

/** A log list is wrong; the message names the file, the line and the fix. */
export class LogListError extends CodedError<'INVALID_LOG_LIST'> {
  override readonly name = 'LogListError';
  /** Requires a message that says what is wrong and what to do; the code is always INVALID_LOG_LIST. */
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_LOG_LIST', message, options);
  }
}

/**
 * Parses a log list; `source` names the file in messages. Two lines for one origin are an
 * error (even with the same key: a typo is likelier than intent). Throws LogListError.
 */
export function parseLogList(text: string, source: string): VerifierKey[] {
  if (text.length > MAX_LOG_LIST_SIZE) throw new LogListError(`${source} is larger than ${MAX_LOG_LIST_SIZE} characters`);
  const keys: VerifierKey[] = [];
  const seen = new Map<string, number>();
  text.split('\n').forEach((raw, i) => {
    const n = i + 1;
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(raw)) throw new LogListError(`${source} line ${n} holds a control character (save the file with LF line endings)`);
    const items = raw.split(/[ \t]+/).filter((s) => s !== '');
    if (items.length === 0 || items[0]!.startsWith('#')) return;
    if (items[0] !== 'log' || items.length < 2 || items.length > 3) throw new LogListError(`${source} line ${n} must be \`log <verifier key> [<url>]\``);
    let key: VerifierKey;
    try {
      key = parseVerifierKey(items[1]!);
    } catch (err) {
      if (err instanceof VerificationError) throw new LogListError(`${source} line ${n} has an invalid log verifier key: ${err.message}`, { cause: err });
      throw err;
    }
    const earlier = seen.get(key.name);
    if (earlier !== undefined) throw new LogListError(`${source} line ${n} lists the log ${key.name} again (first on line ${earlier}); one key per log`);
    seen.set(key.name, n);
    keys.push(key);
  });
  return keys;
}
