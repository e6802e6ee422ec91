/**
 * Structured logs: one JSON object per line on stdout (one line per request, one per round, and
 * lifecycle events). Tokens, payloads and Authorization headers never go into a log line.
 *
 * Lines made during one turn of the event loop are written together (one write instead of one
 * per request: under load the per-line write was a tenth of the server's time); whatever is
 * still buffered is written when the process exits.
 */

/** Writes one event; `event` is the kind of line (`request`, `round`, `listening`, ...). */
export type Logger = (event: string, fields?: Record<string, unknown>) => void;

const unflushed = new Set<() => void>();
let exitHookInstalled = false;

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** One log line; bigints (nanosecond times) are written as decimal strings. */
function formatLine(event: string, fields: Record<string, unknown>): string {
  const record = { time: new Date().toISOString(), event, ...fields };
  try {
    return `${JSON.stringify(record)}\n`;
  } catch {
    // Only bigints make JSON.stringify throw here; the replacer is slow, so it is the fallback.
    return `${JSON.stringify(record, bigintAsString)}\n`;
  }
}

/** A logger that writes JSON lines with a timestamp to `write` (stdout by default). */
export function jsonLogger(write: (text: string) => void = (t) => process.stdout.write(t)): Logger {
  let pending: string[] = [];
  const flush = (): void => {
    unflushed.delete(flush);
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    write(text);
  };
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const f of [...unflushed]) f();
    });
  }
  return (event, fields = {}) => {
    pending.push(formatLine(event, fields));
    if (!unflushed.has(flush)) {
      unflushed.add(flush);
      setImmediate(flush);
    }
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = () => undefined;
