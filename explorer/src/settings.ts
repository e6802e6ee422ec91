/**
 * The inputs several pages share: the verifier key the user trusts and the reader token. Each
 * page has its own labelled controls, all bound to the same session values (session.ts).
 */
import { field, h } from './dom.js';
import { readerToken, setReaderToken, setTrustedKey, trustedKey } from './session.js';

/** The "Verifier key" textbox, prefilled with the trusted key and saving what is typed. */
export function verifierKeyField(): { row: HTMLElement; control: HTMLInputElement } {
  const input = h('input', { type: 'text', name: 'verifierKey', autocomplete: 'off', spellcheck: 'false', class: 'wide', value: trustedKey() });
  input.addEventListener('change', () => setTrustedKey(input.value));
  return field('Verifier key', input, 'The log key you trust, e.g. from the log operator or a receipt you already trust: name+keyid+base64.');
}

/** The "Reader token" box (a password field), kept for this tab only and sent to this log only. */
export function readerTokenField(): { row: HTMLElement; control: HTMLInputElement } {
  const input = h('input', { type: 'password', name: 'readerToken', autocomplete: 'off', value: readerToken() });
  input.addEventListener('change', () => setReaderToken(input.value));
  return field('Reader token', input, 'Optional. Kept in this tab only, and sent to this log only.');
}
