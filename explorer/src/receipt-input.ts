/**
 * Reading what the user pasted or dropped on the Verify page: one receipt (JSON text, or the
 * protobuf bytes of a dropped file), a search answer (`{"checkpoint", "events": [...]}`), or an
 * evidence bundle's events.ndjson (one receipt per line).
 */
import type { ReceiptJson } from '../../client/index.js';

/** One receipt to verify and where it came from (for the reason of a failure). */
export interface ReceiptItem {
  receipt: ReceiptJson | Uint8Array;
  /** "the receipt", "line 3", "event 2". */
  where: string;
}

/** What the input holds: receipts, and the checkpoint they must all be proved against, if any. */
export interface ReceiptInput {
  items: ReceiptItem[];
  checkpoint?: string;
}

/**
 * Parses the pasted text. Throws an Error saying what is wrong (empty, not JSON, a line that is
 * not JSON).
 */
export function parseReceiptText(text: string): ReceiptInput {
  const trimmed = text.trim();
  if (trimmed === '') throw new Error('paste a receipt (JSON), or drop a receipt file or an evidence bundle’s events.ndjson');
  let whole: unknown;
  let isWhole = true;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    isWhole = false;
  }
  if (isWhole) {
    if (whole !== null && typeof whole === 'object' && Array.isArray((whole as { events?: unknown }).events)) {
      const answer = whole as { events: unknown[]; checkpoint?: unknown };
      const input: ReceiptInput = { items: answer.events.map((r, i) => ({ receipt: r as ReceiptJson, where: `event ${i + 1}` })) };
      if (typeof answer.checkpoint === 'string') input.checkpoint = answer.checkpoint;
      return input;
    }
    return { items: [{ receipt: whole as ReceiptJson, where: 'the receipt' }] };
  }
  const items: ReceiptItem[] = [];
  const lines = trimmed.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      items.push({ receipt: JSON.parse(line) as ReceiptJson, where: `line ${i + 1}` });
    } catch {
      throw new Error(`line ${i + 1} is not JSON: a receipt is a JSON object, and events.ndjson has one per line`);
    }
  });
  return { items };
}
