/**
 * Provisioning a log, apart from loading it (after Sunlight's `CreateLog` / `LoadLog`): make sure
 * a store holds an identity (origin, verifier key, the signed checkpoint of the empty tree), that
 * the signer key matches it, and that the log has a first credential. Run on every start; it
 * changes nothing on a provisioned store.
 */
import { CodedError, EMPTY_ROOT } from '../merkle/index.js';
import { checkKeyName, generateSignerKey, signCheckpoint, verifierKeyOf, type SignerKey } from '../proofs/index.js';
import { CredentialRegistry } from './auth/credentials.js';
import { DEFAULT_ORIGIN } from './config.js';
import { readSignerKeyFile, writeSignerKeyFile } from './key-file.js';
import { createNodeSigner } from './signer.js';
import type { LogIdentity, LogStore } from './store/store.js';

export type LogOpenErrorCode = 'INVALID_ORIGIN' | 'ORIGIN_MISMATCH' | 'KEY_MISMATCH' | 'KEY_UNREADABLE' | 'KEY_MISSING';

/** Why a log refused to open; the message is for the operator. */
export class LogOpenError extends CodedError<LogOpenErrorCode> {
  override readonly name = 'LogOpenError';
}

/** Printed once, on the first start of a folder: the default writer token and the verifier key. */
export interface FirstStart {
  verifierKey: string;
  token: string;
  keyFile: string | undefined;
}

/** What `provisionLog` needs. */
export interface ProvisionOptions {
  /** The log's store, open. */
  store: LogStore;
  /** The origin; on a provisioned store it must match. Default: the key's name, else DEFAULT_ORIGIN. */
  origin?: string;
  /** An operator's key file; required to exist when given. */
  keyFile?: string;
  /** Where a generated key is written (and read from when `keyFile` is not given). */
  generatedKeyFile: string;
  /** Names the log's place in messages (the data folder). */
  where: string;
}

/** A provisioned log: what `CairnLog.load` needs besides the store. */
export interface ProvisionedLog {
  identity: LogIdentity;
  key: SignerKey;
  credentials: CredentialRegistry;
  /** Set when this call made the first credential (print the token once). */
  firstStart: FirstStart | undefined;
}

async function readKeyFile(path: string): Promise<SignerKey | undefined> {
  try {
    return await readSignerKeyFile(path);
  } catch (err) {
    throw new LogOpenError('KEY_UNREADABLE', (err as Error).message, { cause: err });
  }
}

/**
 * Provisions `options.store`: on an empty store, makes the identity (generating a key into
 * `generatedKeyFile` unless one is given) and signs the empty checkpoint; on a provisioned
 * store, checks the origin and the key. Then makes the `default` writer token if the log has
 * no credential. Throws LogOpenError for a wrong origin or key; store errors as they come.
 */
export async function provisionLog(options: ProvisionOptions): Promise<ProvisionedLog> {
  const { store } = options;
  let key = await readKeyFile(options.keyFile ?? options.generatedKeyFile);
  if (options.keyFile !== undefined && key === undefined) {
    throw new LogOpenError('KEY_UNREADABLE', `the signer key file ${options.keyFile} does not exist`);
  }
  let identity = await store.readIdentity();
  let keyFile: string | undefined;
  if (identity === undefined) {
    const origin = options.origin ?? key?.name ?? DEFAULT_ORIGIN;
    try {
      checkKeyName(origin);
    } catch (err) {
      throw new LogOpenError('INVALID_ORIGIN', `the origin ${JSON.stringify(origin)} is not valid: it must be non-empty, without spaces or '+'`, {
        cause: err,
      });
    }
    if (key !== undefined && key.name !== origin) {
      throw new LogOpenError(
        'KEY_MISMATCH',
        `the key's name ${JSON.stringify(key.name)} differs from the origin ${JSON.stringify(origin)}; the key name must equal the origin`,
      );
    }
    if (key === undefined) {
      key = generateSignerKey(origin);
      await writeSignerKeyFile(options.generatedKeyFile, key);
      keyFile = options.generatedKeyFile;
    }
    identity = { origin, verifierKey: verifierKeyOf(key), createdAt: new Date().toISOString() };
    const note = signCheckpoint({ origin, treeSize: 0, rootHash: EMPTY_ROOT }, createNodeSigner(key));
    await store.initialise(identity, { treeSize: 0, note });
  } else {
    if (options.origin !== undefined && options.origin !== identity.origin) {
      throw new LogOpenError(
        'ORIGIN_MISMATCH',
        `the data folder ${options.where} belongs to the log ${JSON.stringify(identity.origin)}, not ${JSON.stringify(options.origin)}`,
      );
    }
    if (key === undefined) {
      throw new LogOpenError(
        'KEY_MISSING',
        `the signer key of ${JSON.stringify(identity.origin)} is missing: restore ${options.generatedKeyFile} or pass --key-file`,
      );
    }
    if (verifierKeyOf(key) !== identity.verifierKey) {
      throw new LogOpenError('KEY_MISMATCH', `the data folder ${options.where} belongs to the key ${identity.verifierKey}, not to ${verifierKeyOf(key)}`);
    }
  }
  const credentials = await CredentialRegistry.load(store);
  let firstStart: FirstStart | undefined;
  // Also after a crash between initialisation and this point: a log without credentials gets
  // its default writer token now.
  if (credentials.list().length === 0) {
    const t = await credentials.add('default', 'writer');
    firstStart = { verifierKey: identity.verifierKey, token: t.token, keyFile };
  }
  return { identity, key, credentials, firstStart };
}
