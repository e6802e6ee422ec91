/**
 * How a payload is shown: JSON pretty-printed, with the audit event's action and actor picked
 * out (docs/events.md); other text as text; binary as base64.
 */
import { encodeBase64 } from '../../proofs/index.js';

/** A payload read for display. */
export interface PayloadView {
  /** The text to show (pretty JSON, text, or base64). */
  text: string;
  /** Whether the payload was JSON. */
  json: boolean;
  /** The audit event's fields, when the payload is a JSON object that has them. */
  action?: string;
  actor?: string;
  target?: string;
  outcome?: string;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function refId(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string') return (v as { id: string }).id;
  return undefined;
}

/** Reads a payload for display. Never throws. */
export function viewPayload(payload: Uint8Array): PayloadView {
  let text: string;
  try {
    text = UTF8.decode(payload);
  } catch {
    return { text: `base64: ${encodeBase64(payload)}`, json: false };
  }
  try {
    const value: unknown = JSON.parse(text);
    const view: PayloadView = { text: JSON.stringify(value, null, 2), json: true };
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const o = value as Record<string, unknown>;
      if (typeof o['action'] === 'string') view.action = o['action'];
      const actor = refId(o['actor']);
      if (actor !== undefined) view.actor = actor;
      const target = refId(o['target']);
      if (target !== undefined) view.target = target;
      const outcome = refId(o['outcome']);
      if (outcome !== undefined) view.outcome = outcome;
    }
    return view;
  } catch {
    return { text, json: false };
  }
}
