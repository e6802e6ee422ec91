/**
 * `cairn witness --data DIR --key-file F [--name N] [--port P] [--host H] [--log VKEY]...
 * [--logs FILE]`: a C2SP tlog-witness server (server/witness/, docs/witness.md).
 *
 * The key file holds the witness's Ed25519 signer key in Go's note format (as `cairn keygen`
 * and Go's note.GenerateKey write it); its name is the witness name. With --name and no file
 * yet, a new key is made there (mode 0600) and its cosignature verifier key printed on stderr.
 * The `listening` log line carries the cosignature verifier key (type 0x04) to give to logs.
 *
 * Known logs live in the data folder: --log and --logs only ever add to them, and a different
 * key for a known origin stops the start with a sentence. SIGTERM / SIGINT: stop accepting,
 * finish the answers in flight, close the state, exit 0.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  VerificationError,
  createCosigner,
  generateSignerKey,
  keyNameProblem,
  parseVerifierKey,
  type SignerKey,
  type VerifierKey,
} from '../../proofs/index.js';
import { KeyFileError, readSignerKeyFile, writeSignerKeyFile } from '../key-file.js';
import { jsonLogger } from '../logger.js';
import { LogListError, Witness, parseLogList, startWitnessServer } from '../witness/index.js';
import { EXIT_OK, UsageError, defineCommand, type CommandIo } from './command.js';

/** Defaults of `cairn witness`. */
export const WITNESS_DEFAULTS = { host: '127.0.0.1', port: 7380 } as const;

/** The `cairn witness` command. */
export const witnessCommand = defineCommand({
  name: 'witness',
  summary: 'run a C2SP tlog-witness: cosign checkpoints of known logs that extend what it cosigned before',
  usage: 'witness --data DIR --key-file F [--name N] [--port P] [--host H] [--log VKEY]... [--logs FILE]',
  options: {
    data: { type: 'string', help: "the witness's own data folder (LevelDB: known logs, latest cosigned trees)", env: 'CAIRN_WITNESS_DATA', placeholder: 'DIR' },
    'key-file': {
      type: 'string',
      help: "the witness's signer key (Go note format; its name is the witness name)",
      env: 'CAIRN_WITNESS_KEY_FILE',
      placeholder: 'F',
    },
    name: { type: 'string', help: 'make a new key with this name when --key-file does not exist yet', env: 'CAIRN_WITNESS_NAME', placeholder: 'N' },
    port: { type: 'string', help: 'TCP port (0 = any free port)', env: 'CAIRN_WITNESS_PORT', default: String(WITNESS_DEFAULTS.port), placeholder: 'P' },
    host: { type: 'string', help: 'address to listen on', env: 'CAIRN_WITNESS_HOST', default: WITNESS_DEFAULTS.host, placeholder: 'H' },
    log: { type: 'string', help: "a log's verifier key to add to the known logs (repeatable)", multiple: true, placeholder: 'VKEY' },
    logs: { type: 'string', help: 'a file of `log <verifier key>` lines to add to the known logs', env: 'CAIRN_WITNESS_LOGS', placeholder: 'FILE' },
  },
  async run(options, _positionals, io) {
    if (options.data === undefined || options.data === '')
      throw new UsageError('--data is required (or set CAIRN_WITNESS_DATA): the folder where the witness keeps its state');
    if (options['key-file'] === undefined || options['key-file'] === '')
      throw new UsageError('--key-file is required (or set CAIRN_WITNESS_KEY_FILE); add --name N to make a new key there');
    const port =
      options.port === undefined
        ? WITNESS_DEFAULTS.port
        : /^(0|[1-9][0-9]{0,4})$/.test(options.port) && Number(options.port) <= 65535
          ? Number(options.port)
          : NaN;
    if (Number.isNaN(port)) throw new UsageError(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(options.port)}`);
    if (options.host === undefined || options.host === '') throw new UsageError('--host must not be empty');
    const logs = await configuredLogs(options.log, options.logs);
    const signerKey = await loadOrCreateKey(resolve(options['key-file']), options.name, io);
    const logger = jsonLogger(io.stdout);
    const signals = waitForSignal();
    let witness: Witness | undefined;
    try {
      witness = await Witness.open({ dataDir: resolve(options.data), signerKey, logs, logger });
      const server = await startWitnessServer(witness, { host: options.host, port, logger });
      const signal = await signals.signal;
      logger('stopping', { reason: signal });
      await server.close();
      await witness.close();
      logger('stopped', {});
      return EXIT_OK;
    } catch (err) {
      await witness?.close().catch(() => undefined);
      throw new Error(`refusing to start: ${(err as Error).message}`, { cause: err });
    } finally {
      signals.dispose();
    }
  },
});

/** The --log keys and the --logs file's keys; UsageError for a bad key or file. */
async function configuredLogs(flags: string[], file: string | undefined): Promise<VerifierKey[]> {
  const keys = flags.map((text) => {
    try {
      return parseVerifierKey(text);
    } catch (err) {
      if (err instanceof VerificationError) throw new UsageError(`--log ${JSON.stringify(text.slice(0, 80))} is not a log verifier key: ${err.message}`);
      throw err;
    }
  });
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read the --logs file ${JSON.stringify(file)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    try {
      keys.push(...parseLogList(text, file));
    } catch (err) {
      if (err instanceof LogListError) throw new UsageError(err.message);
      throw err;
    }
  }
  const byOrigin = new Map<string, string>();
  for (const k of keys) {
    const other = byOrigin.get(k.name);
    if (other !== undefined && other !== k.text)
      throw new UsageError(`two different keys are given for the log ${k.name}: ${other} and ${k.text}; a log has one key`);
    byOrigin.set(k.name, k.text);
  }
  return keys;
}

/** Reads the key file, or makes it when it is missing and --name is given. */
async function loadOrCreateKey(file: string, name: string | undefined, io: CommandIo): Promise<SignerKey> {
  let key: SignerKey | undefined;
  try {
    key = await readSignerKeyFile(file);
  } catch (err) {
    if (err instanceof KeyFileError) throw new Error(`refusing to start: ${err.message}`, { cause: err });
    throw err;
  }
  if (key !== undefined) {
    if (name !== undefined && name !== key.name) {
      throw new UsageError(`--name ${name} differs from the name ${key.name} of the key in ${file}; drop --name, or use another --key-file`);
    }
    return key;
  }
  if (name === undefined)
    throw new UsageError(
      `the key file ${file} does not exist; add --name N to make a new witness key there (or make one with \`cairn keygen --origin N --out ${file}\`)`,
    );
  const problem = keyNameProblem(name);
  if (problem !== undefined) throw new UsageError(`--name cannot be a key name: ${problem}`);
  key = generateSignerKey(name, new Uint8Array(randomBytes(32)));
  await writeSignerKeyFile(file, key);
  io.stderr(
    `Wrote a new witness key ${name} to ${file} (mode 0600). Keep it secret; back it up.\nCosignature verifier key (give it to the logs and to policies):\n${createCosigner(key).verifierKey}\n`,
  );
  return key;
}

/** Resolves with the first SIGTERM or SIGINT; a second one exits at once. */
function waitForSignal(): { signal: Promise<string>; dispose(): void } {
  let handler: (s: string) => void = () => undefined;
  const signal = new Promise<string>((resolveSignal) => {
    handler = (s: string) => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
      // A second signal means "now": every stored tree is durable already.
      process.once('SIGTERM', () => process.exit(1));
      process.once('SIGINT', () => process.exit(1));
      resolveSignal(s);
    };
  });
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return {
    signal,
    dispose() {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    },
  };
}
