/**
 * Verdicts in words: every check the pages make ends in text starting with "Verified" or
 * "Not verified" and a reason, with a ✓ or ✗ mark, so nothing depends on colour.
 */
import { VerificationError } from '../../client/index.js';
import { h } from './dom.js';

/** Why a check failed, in one sentence with the verifier's stable code when there is one. */
export function reason(err: unknown): string {
  if (err instanceof VerificationError) return `${err.message} (${err.code})`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The text of a verdict. */
export function verdictText(ok: boolean, detail: string): string {
  return ok ? `Verified: ${detail}` : `Not verified: ${detail}`;
}

/** A verdict mark for a table cell or a line: "✓ Verified" or "✗ Not verified: reason". */
export function mark(ok: boolean, detail?: string): HTMLElement {
  return h(
    'span',
    { class: ok ? 'mark ok' : 'mark bad' },
    h('span', { 'aria-hidden': 'true' }, ok ? '✓ ' : '✗ '),
    ok ? (detail ? `Verified: ${detail}` : 'Verified') : `Not verified${detail ? `: ${detail}` : ''}`,
  );
}

/** A live region for a page's verdict (role="status"). */
export function statusRegion(): HTMLElement {
  return h('p', { role: 'status', class: 'status', 'aria-live': 'polite' });
}

/** Shows a verdict in a status region. */
export function showVerdict(region: HTMLElement, ok: boolean, detail: string): void {
  region.className = ok ? 'status ok' : 'status bad';
  region.textContent = verdictText(ok, detail);
}
