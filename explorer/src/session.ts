/**
 * What the user entered, for this tab only: the verifier key they trust and the reader token.
 * Both live in sessionStorage (gone when the tab closes, never in localStorage or a cookie), and
 * the token is only ever sent to this page's own origin (api.ts).
 */

const KEY_ITEM = 'cairn.verifierKey';
const TOKEN_ITEM = 'cairn.readerToken';
const POLICY_ITEM = 'cairn.witnessPolicy';

function read(item: string): string {
  try {
    return sessionStorage.getItem(item) ?? '';
  } catch {
    // Storage disabled: the value lives as long as the page.
    return memory.get(item) ?? '';
  }
}

function write(item: string, value: string): void {
  memory.set(item, value);
  try {
    if (value === '') sessionStorage.removeItem(item);
    else sessionStorage.setItem(item, value);
  } catch {
    // Storage disabled: memory only.
  }
}

const memory = new Map<string, string>();

/** The verifier key the user trusts ('' when none was entered). */
export function trustedKey(): string {
  return read(KEY_ITEM).trim();
}

/** Sets the trusted verifier key. */
export function setTrustedKey(value: string): void {
  write(KEY_ITEM, value.trim());
}

/** The reader token ('' when none). */
export function readerToken(): string {
  return read(TOKEN_ITEM).trim();
}

/** Sets the reader token. */
export function setReaderToken(value: string): void {
  write(TOKEN_ITEM, value.trim());
}

/** The C2SP witness policy the user trusts ('' when none). */
export function witnessPolicy(): string {
  return read(POLICY_ITEM);
}

/** Sets the witness policy. */
export function setWitnessPolicy(value: string): void {
  write(POLICY_ITEM, value);
}
