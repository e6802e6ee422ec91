/**
 * The three credential operations of `cairn token` (SPEC §7), the same whether the CLI opens the
 * store itself (no server running) or a running server performs them for the admin socket, so
 * both paths answer alike.
 */
import type { CredentialInfo, CredentialRegistry } from '../auth/credentials.js';
import { ServerError } from '../errors.js';
import type { NewCredential, RevokeResult } from './protocol.js';

/**
 * Adds a token for `name` with `role` (writer, reader or admin) and returns it; the token is shown
 * this once. Throws ServerError INVALID_PARAMETER for a bad name or role.
 */
export async function addCredential(registry: CredentialRegistry, name: string, role: string): Promise<NewCredential> {
  const t = await registry.add(name, role);
  return { name: t.name, role: t.role, token: t.token, id: t.id };
}

/** Every credential, oldest first, revoked ones included; never a secret or its hash. */
export function listCredentials(registry: CredentialRegistry): CredentialInfo[] {
  return registry.list();
}

/**
 * Revokes every active token of `name`, durably, at once (the registry is what authenticates
 * requests). Revoking a name whose tokens are all revoked already is not an error (revoked: 0),
 * so scripts may repeat it; a name that never existed is NOT_FOUND, since it is most likely a typo.
 */
export async function revokeCredential(registry: CredentialRegistry, name: string): Promise<RevokeResult> {
  if (!registry.list().some((c) => c.name === name)) {
    throw new ServerError('NOT_FOUND', `There is no credential named ${JSON.stringify(name)}; \`cairn token list\` shows the names.`);
  }
  return { name, revoked: await registry.revoke(name) };
}
