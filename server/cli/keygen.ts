/**
 * `cairn keygen --origin O [--out F] [--force] [--json]` (SPEC §7): makes a new Ed25519 signer
 * key for a log and prints its verifier key.
 *
 * The key file holds the signer key in the format of Go's note package plus a newline, so the
 * same file works with Go tools. It is created with mode 0600 and never replaces an existing
 * file unless --force: losing a log's key means the log can never sign again.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { generateSignerKey, keyNameProblem, verifierKeyOf } from '../../proofs/index.js';
import { writeSignerKeyFile } from '../key-file.js';
import { EXIT_OK, UsageError, defineCommand } from './command.js';

/** Where keygen writes when neither --out nor CAIRN_KEY_FILE is given. */
export const DEFAULT_KEY_FILE = './cairn-signer.key';

/** The `cairn keygen` command. */
export const keygenCommand = defineCommand({
  name: 'keygen',
  summary: 'make a new Ed25519 signer key file (Go note format) and print its verifier key',
  usage: 'keygen --origin O [--out F] [--force] [--json]',
  options: {
    origin: { type: 'string', help: 'the log origin, also the key name (e.g. example.com/log)', env: 'CAIRN_ORIGIN', placeholder: 'O' },
    out: { type: 'string', help: 'where to write the signer key (mode 0600)', env: 'CAIRN_KEY_FILE', default: DEFAULT_KEY_FILE, placeholder: 'F' },
    force: { type: 'boolean', help: 'replace an existing key file' },
  },
  async run(options, _positionals, io) {
    const origin = options.origin;
    if (origin === undefined || origin === '') throw new UsageError('--origin is required (or set CAIRN_ORIGIN)');
    if (/\p{White_Space}/u.test(origin) || origin.includes('+')) {
      throw new UsageError(
        `the origin ${JSON.stringify(origin)} contains a space or "+", which a key name cannot hold ` +
          "(the origin is also the name of the log's signing key). Use a schema-less URL such as example.com/log.",
      );
    }
    const problem = keyNameProblem(origin);
    if (problem !== undefined) throw new UsageError(`the origin cannot be a key name: ${problem}.`);
    const key = generateSignerKey(origin, new Uint8Array(randomBytes(32)));
    const keyFile = resolve(options.out ?? DEFAULT_KEY_FILE);
    await writeSignerKeyFile(keyFile, key, { force: options.force });
    const verifierKey = verifierKeyOf(key);
    if (options.json) {
      io.stdout(JSON.stringify({ origin, verifierKey, keyFile }) + '\n');
    } else {
      io.stdout(`Wrote the signer key for ${origin} to ${keyFile} (mode 0600). Keep it secret.\n`);
      io.stdout(`Verifier key (publish it; verifiers need it):\n${verifierKey}\n`);
    }
    return EXIT_OK;
  },
});
