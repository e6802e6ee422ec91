/**
 * A one-line progress bar for a terminal (stderr): percent, count, rate and bytes, redrawn in
 * place at most every `minIntervalMs`. Only for a TTY; callers decide whether to show it.
 */

/** Settings of a progress bar. */
export interface ProgressBarOptions {
  /** What is counted, plural (`entries`). */
  unit: string;
  /** Redraws at most this often (default 100 ms). */
  minIntervalMs?: number;
  /** Bar width in characters (default 30). */
  width?: number;
  /** Milliseconds clock (tests). */
  now?: () => number;
}

const CLEAR_LINE = '\r\x1b[K';

/** Draws progress on one line with carriage returns. */
export class ProgressBar {
  readonly #write: (text: string) => void;
  readonly #unit: string;
  readonly #minIntervalMs: number;
  readonly #width: number;
  readonly #now: () => number;
  readonly #started: number;
  #lastDraw = -Infinity;
  #drawn = false;

  constructor(write: (text: string) => void, options: ProgressBarOptions) {
    this.#write = write;
    this.#unit = options.unit;
    this.#minIntervalMs = options.minIntervalMs ?? 100;
    this.#width = options.width ?? 30;
    this.#now = options.now ?? (() => performance.now());
    this.#started = this.#now();
  }

  /** Shows `done` of `total`, and `bytes` downloaded; skipped when drawn less than the interval ago, unless done = total. */
  update(done: number, total: number, bytes: number): void {
    const now = this.#now();
    if (now - this.#lastDraw < this.#minIntervalMs && done < total) return;
    this.#lastDraw = now;
    this.#drawn = true;
    this.#write(CLEAR_LINE + formatProgress(done, total, bytes, (now - this.#started) / 1000, this.#unit, this.#width));
  }

  /** Clears the line (if anything was drawn), so the summary starts on a clean line. */
  finish(): void {
    if (this.#drawn) this.#write(CLEAR_LINE);
    this.#drawn = false;
  }
}

/** One progress line, e.g. `[#######.......]  50.0%  35,000/70,000 entries  12,000 entries/s  2.2 MB`. */
export function formatProgress(done: number, total: number, bytes: number, seconds: number, unit: string, width = 30): string {
  const fraction = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const percent = `${(fraction * 100).toFixed(1).padStart(5)}%`;
  const rate = seconds > 0 ? Math.round(done / seconds) : 0;
  return `${bar} ${percent}  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit}  ${rate.toLocaleString('en-US')} ${unit}/s  ${formatBytes(bytes)}`;
}

/** A byte count for people: `512 B`, `3.1 KB`, `2.2 MB`, `1.4 GB` (powers of 1000). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 'B';
  for (const u of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = u;
  }
  return `${value.toFixed(1)} ${unit}`;
}
