/**
 * The `--vkey K` option of the commands that verify a log: K is a verifier key
 * (`<name>+<hex key id>+<base64>`, C2SP signed-note) or the path of a file that holds one (such
 * as the `vkey` file beside a log, or what `cairn keygen` printed, saved).
 */
import { readFile } from 'node:fs/promises';
import { MAX_KEY_TEXT_LENGTH, VerificationError, fail, parseVerifierKey, type VerifierKey } from '../../proofs/index.js';

/**
 * The verifier key K names: K itself when it parses as a verifier key, else the content of the
 * file K (surrounding white space ignored). Throws VerificationError MALFORMED_KEY with a
 * message that says which of the two was tried and why it failed.
 */
export async function readVerifierKeyOption(value: string): Promise<VerifierKey> {
  try {
    return parseVerifierKey(value.trim());
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    let text: string;
    try {
      text = await readFile(value, 'utf8');
    } catch {
      fail('MALFORMED_KEY', `${JSON.stringify(value.slice(0, 120))} is neither a verifier key (${err.message}) nor a readable file`, err);
    }
    if (text.length > MAX_KEY_TEXT_LENGTH + 2) fail('MALFORMED_KEY', `the file ${value} is too long to hold a verifier key`);
    try {
      return parseVerifierKey(text.trim());
    } catch (inner) {
      if (!(inner instanceof VerificationError)) throw inner;
      fail('MALFORMED_KEY', `the file ${value} does not hold a verifier key: ${inner.message}`, inner);
    }
  }
}
