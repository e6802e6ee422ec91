/**
 * The log's Ed25519 note signer on node:crypto (about 9x faster than noble's; signatures are
 * byte-identical because Ed25519 is deterministic — test/server/signer.test.ts checks it against
 * proofs/ `createSigner`). Browser-safe code keeps using noble.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import type { NoteSigner, SignerKey } from '../proofs/index.js';

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410 §7): SEQUENCE { version 0, AlgorithmIdentifier
// id-Ed25519, OCTET STRING { OCTET STRING seed } }.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A NoteSigner for `key` backed by node:crypto. */
export function createNodeSigner(key: SignerKey): NoteSigner {
  const privateKey: KeyObject = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, key.seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    name: key.name,
    keyId: key.keyId,
    sign: (message: Uint8Array) => new Uint8Array(sign(null, message, privateKey)),
  };
}
