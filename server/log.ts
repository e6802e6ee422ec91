/**
 * One log: its data folder, identity, key, store, sequencer, read side and credentials, wired
 * together. The HTTP app and the CLI work through this object.
 *
 * Data folder layout: `<dir>/leveldb/` (the store), `<dir>/signer.key` (the key made on first
 * start, mode 0600, unless the operator passes --key-file), `<dir>/admin.sock` (token commands
 * while the server runs).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EMPTY_ROOT } from '../merkle/index.js';
import {
  checkKeyName,
  generateSignerKey,
  parseVerifierKey,
  signCheckpoint,
  verifierKeyOf,
  type SignerKey,
  type VerifierKey,
} from '../proofs/index.js';
import { CredentialRegistry } from './auth/credentials.js';
import { DEFAULT_ORIGIN, DEFAULT_REQUEST_LIMITS, type LogConfig, type RequestLimits } from './config.js';
import { LogReader } from './read/log-reader.js';
import { Sequencer, type RoundReport } from './sequencer/sequencer.js';
import type { LogClock } from './sequencer/clock.js';
import type { SignedTreeHead } from './sequencer/log-state.js';
import { readSignerKeyFile, writeSignerKeyFile } from './key-file.js';
import { installNodeSha256 } from './fast-hash.js';
import { createNodeSigner } from './signer.js';
import { openLevelStore } from './store/log-store.js';
import type { LogStore } from './store/store.js';

export type LogOpenErrorCode = 'INVALID_ORIGIN' | 'ORIGIN_MISMATCH' | 'KEY_MISMATCH' | 'KEY_UNREADABLE' | 'KEY_MISSING';

/** Why a log refused to open; the message is for the operator. */
export class LogOpenError extends Error {
  override readonly name = 'LogOpenError';
  constructor(
    readonly code: LogOpenErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Printed once, on the first start of a folder: the default writer token and the verifier key. */
export interface FirstStart {
  verifierKey: string;
  token: string;
  keyFile: string | undefined;
}

/** Paths inside a data folder. */
export function dataPaths(dataDir: string): { leveldb: string; signerKey: string; adminSocket: string } {
  return { leveldb: join(dataDir, 'leveldb'), signerKey: join(dataDir, 'signer.key'), adminSocket: join(dataDir, 'admin.sock') };
}

async function readKeyFile(path: string): Promise<SignerKey | undefined> {
  try {
    return await readSignerKeyFile(path);
  } catch (err) {
    throw new LogOpenError('KEY_UNREADABLE', (err as Error).message, { cause: err });
  }
}

/** Optional seams of `CairnLog.open`. */
export interface OpenHooks {
  /** Called after every round (logs, metrics). */
  onRound?: (report: RoundReport) => void;
  /** A store to use instead of LevelDB in `<dataDir>/leveldb` (fault-injection tests). */
  store?: LogStore;
  /** The log's clock (tests of clock steps). */
  clock?: LogClock;
}

export class CairnLog {
  private constructor(
    readonly origin: string,
    readonly verifierKey: VerifierKey,
    readonly store: LogStore,
    readonly sequencer: Sequencer,
    readonly reader: LogReader,
    readonly credentials: CredentialRegistry,
    readonly requestLimits: RequestLimits,
    readonly config: LogConfig,
    readonly firstStart: FirstStart | undefined,
  ) {}

  /**
   * Opens the log in `config.dataDir`, initialising an empty folder (key, identity, signed empty
   * checkpoint, `default` writer token). Refuses a folder of another origin or key, and a store
   * whose tiles do not match its latest checkpoint.
   */
  static async open(config: LogConfig, hooks: OpenHooks = {}): Promise<CairnLog> {
    installNodeSha256();
    const paths = dataPaths(config.dataDir);
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    let key = config.keyFile !== undefined ? await readKeyFile(config.keyFile) : await readKeyFile(paths.signerKey);
    if (config.keyFile !== undefined && key === undefined) {
      throw new LogOpenError('KEY_UNREADABLE', `the signer key file ${config.keyFile} does not exist`);
    }
    const store = hooks.store ?? (await openLevelStore(paths.leveldb));
    try {
      let identity = await store.readIdentity();
      let keyFile: string | undefined;
      if (identity === undefined) {
        const origin = config.origin ?? key?.name ?? DEFAULT_ORIGIN;
        try {
          checkKeyName(origin);
        } catch (err) {
          throw new LogOpenError('INVALID_ORIGIN', `the origin ${JSON.stringify(origin)} is not valid: it must be non-empty, without spaces or '+'`, { cause: err });
        }
        if (key !== undefined && key.name !== origin) {
          throw new LogOpenError('KEY_MISMATCH', `the key's name ${JSON.stringify(key.name)} differs from the origin ${JSON.stringify(origin)}; the key name must equal the origin`);
        }
        if (key === undefined) {
          key = generateSignerKey(origin);
          await writeSignerKeyFile(paths.signerKey, key);
          keyFile = paths.signerKey;
        }
        identity = { origin, verifierKey: verifierKeyOf(key), createdAt: new Date().toISOString() };
        const signer = createNodeSigner(key);
        const note = signCheckpoint({ origin, treeSize: 0, rootHash: EMPTY_ROOT }, signer);
        await store.initialise(identity, { treeSize: 0, note });
      } else {
        if (config.origin !== undefined && config.origin !== identity.origin) {
          throw new LogOpenError('ORIGIN_MISMATCH', `the data folder ${config.dataDir} belongs to the log ${JSON.stringify(identity.origin)}, not ${JSON.stringify(config.origin)}`);
        }
        if (key === undefined) {
          throw new LogOpenError('KEY_MISSING', `the signer key of ${JSON.stringify(identity.origin)} is missing: restore ${paths.signerKey} or pass --key-file`);
        }
        if (verifierKeyOf(key) !== identity.verifierKey) {
          throw new LogOpenError('KEY_MISMATCH', `the data folder ${config.dataDir} belongs to the key ${identity.verifierKey}, not to ${verifierKeyOf(key)}`);
        }
      }
      const verifierKey = parseVerifierKey(identity.verifierKey);
      const credentials = await CredentialRegistry.load(store);
      let firstStart: FirstStart | undefined;
      // Also after a crash between initialisation and this point: a folder without credentials
      // gets its default writer token now.
      if (credentials.list().length === 0) {
        const t = await credentials.add('default', 'writer');
        firstStart = { verifierKey: identity.verifierKey, token: t.token, keyFile };
      }
      let reader: LogReader | undefined;
      const sequencer = await Sequencer.start({
        store,
        origin: identity.origin,
        signer: createNodeSigner(key),
        verifierKey,
        ...(config.sequencerLimits ? { limits: config.sequencerLimits } : {}),
        rebuildReceipt: (index, treeSize) => reader!.receipt(index, treeSize),
        onCommit: (_state, fullTiles) => reader!.onCommit(fullTiles),
        ...(hooks.onRound ? { onRound: hooks.onRound } : {}),
        ...(hooks.clock ? { clock: hooks.clock } : {}),
      });
      reader = new LogReader(store, () => sequencer.committed);
      return new CairnLog(
        identity.origin,
        verifierKey,
        store,
        sequencer,
        reader,
        credentials,
        { ...DEFAULT_REQUEST_LIMITS, ...config.requestLimits },
        config,
        firstStart,
      );
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
  }

  /** The latest signed checkpoint. */
  get checkpoint(): SignedTreeHead {
    return this.sequencer.committed.checkpoint;
  }

  /** Finishes the current round, answers or refuses what waits, closes the store. */
  async close(graceMs?: number): Promise<void> {
    await this.sequencer.close(graceMs);
    await this.store.close();
  }
}
