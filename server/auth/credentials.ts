/**
 * The credentials of the log (SPEC §4, §7): named tokens with one role each, `writer`,
 * `reader` or `admin` (retention, holds, erasure: issue 14). A name may hold several tokens (rotation without downtime); the name is what goes
 * into each leaf as the submitter. Revoking a name revokes all its tokens, at once.
 */
import { ServerError } from '../errors.js';
import type { LogStore, StoredCredential } from '../store/store.js';
import { generateToken, secretMatches, splitToken } from './token.js';

export type Role = 'writer' | 'reader' | 'admin';
export const ROLES: readonly Role[] = ['writer', 'reader', 'admin'];
/** The submitter of the log's own records (erasures, holds, retention rules): no token may take it. */
export const SYSTEM_SUBMITTER = 'cairn';

/** Who made a request. */
export interface Principal {
  name: string;
  role: Role;
}

/** A credential as `token list` shows it (never the secret or its hash). */
export interface CredentialInfo {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt?: string;
}

// Names go into leaves and logs: keep them printable and short.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@:/-]{0,127}$/;

/** Throws INVALID_PARAMETER unless `name` is a valid credential name. */
export function checkCredentialName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new ServerError(
      'INVALID_PARAMETER',
      `The credential name ${JSON.stringify(name)} is not valid: use 1 to 128 letters, digits and . _ @ : / - , starting with a letter or digit.`,
    );
  }
  // The log's own system entries (the clock evidence, issue 15) carry the submitter `cairn`:
  // no credential may write under that name, in any letter case.
  if (name.toLowerCase() === RESERVED_SUBMITTER) {
    throw new ServerError(
      'INVALID_PARAMETER',
      `The credential name ${JSON.stringify(name)} is reserved for the log's own system entries; choose another name.`,
    );
  }
}

/** The submitter of the log's system entries (server/clock/clock-evidence.ts SYSTEM_SUBMITTER); never a credential name. */
export const RESERVED_SUBMITTER = 'cairn';

/** Throws INVALID_PARAMETER unless `role` is writer, reader or admin. */
export function checkRole(role: string): asserts role is Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new ServerError('INVALID_PARAMETER', `The role ${JSON.stringify(role)} is not known: use writer, reader or admin.`);
  }
}

/** The credentials a process authenticates with, loaded from the store and kept in memory. */
export class CredentialRegistry {
  /** Local writes so far: a reload that raced one lists again (it may predate the write). */
  private writes = 0;

  private constructor(
    private readonly store: LogStore,
    private byId: Map<string, StoredCredential>,
  ) {}

  /** Loads every credential of the store. */
  static async load(store: LogStore): Promise<CredentialRegistry> {
    const all = await store.listCredentials();
    return new CredentialRegistry(store, new Map(all.map((c) => [c.id, c])));
  }

  /**
   * Reads every credential from the store again and swaps them in at once (a shared store:
   * another process added or revoked one). Rejects with the store's error, keeping the old set.
   */
  async reload(): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = this.writes;
      const all = await this.store.listCredentials();
      // A write of this process that landed while the list was read may be missing from it:
      // list again rather than forget it.
      if (this.writes === before) {
        this.byId = new Map(all.map((c) => [c.id, c]));
        return;
      }
    }
    // Local writes kept racing the reads: keep the current set; the next reload catches up.
  }

  /** The principal of a presented token, or undefined (unknown, malformed or revoked). */
  authenticate(token: string): Principal | undefined {
    const parts = splitToken(token);
    if (!parts) return undefined;
    const c = this.byId.get(parts.id);
    if (!c || c.revokedAt !== undefined || !secretMatches(parts.secret, c.secretHash)) return undefined;
    return { name: c.name, role: c.role };
  }

  /** Creates a token for `name` with `role`, stores its hash durably, returns the token once. */
  async add(name: string, role: string, now = new Date()): Promise<{ name: string; role: Role; token: string; id: string }> {
    checkCredentialName(name);
    checkRole(role);
    // The log's own records carry this submitter; a token of that name could forge them.
    if (name === SYSTEM_SUBMITTER) {
      throw new ServerError(
        'INVALID_PARAMETER',
        `The credential name ${JSON.stringify(name)} is reserved for the log's own records (erasures, holds); choose another name.`,
      );
    }
    const t = generateToken();
    const credential: StoredCredential = { id: t.id, name, role, secretHash: t.secretHash, createdAt: now.toISOString() };
    this.writes++;
    await this.store.putCredential(credential);
    this.byId.set(t.id, credential);
    return { name, role, token: t.token, id: t.id };
  }

  /** Revokes every active token of `name`; returns how many. Takes effect on the next request. */
  async revoke(name: string, now = new Date()): Promise<number> {
    let count = 0;
    for (const c of [...this.byId.values()]) {
      if (c.name !== name || c.revokedAt !== undefined) continue;
      const revoked = { ...c, revokedAt: now.toISOString() };
      this.writes++;
      await this.store.putCredential(revoked);
      this.byId.set(c.id, revoked);
      count++;
    }
    return count;
  }

  /** Every credential, oldest first, without secrets. */
  list(): CredentialInfo[] {
    return [...this.byId.values()]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(({ id, name, role, createdAt, revokedAt }) => ({ id, name, role, createdAt, ...(revokedAt ? { revokedAt } : {}) }));
  }
}
