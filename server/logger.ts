/**
 * Structured logs: one JSON object per line on stdout (one line per request, one per round, and
 * lifecycle events). Tokens, payloads and Authorization headers never go into a log line.
 */

/** Writes one event; `event` is the kind of line (`request`, `round`, `listening`, ...). */
export type Logger = (event: string, fields?: Record<string, unknown>) => void;

/** A logger that writes JSON lines with a timestamp to `write` (stdout by default). */
export function jsonLogger(write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  return (event, fields = {}) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = () => undefined;
