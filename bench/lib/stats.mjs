/** Small statistics and formatting helpers shared by the benchmarks. */

/**
 * Percentiles (nearest-rank) of a list of numbers; sorts a copy.
 * @param {ArrayLike<number>} values
 * @param {number[]} ps percentiles in (0, 100]
 * @returns {Record<string, number>} e.g. {p50: 1.2, p99: 4.5}; NaN for an empty list
 */
export function percentiles(values, ps = [50, 95, 99]) {
  const sorted = Float64Array.from(values).sort();
  const out = {};
  for (const p of ps) {
    const rank = Math.ceil((p / 100) * sorted.length);
    out[`p${p}`] = sorted.length === 0 ? NaN : sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }
  return out;
}

/** A number with thousands separators and `digits` decimals. */
export function fmt(n, digits = 0) {
  if (typeof n !== 'number' || Number.isNaN(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Milliseconds with a precision that suits their size. */
export function fmtMs(ms) {
  if (typeof ms !== 'number' || Number.isNaN(ms)) return 'n/a';
  return ms < 1 ? `${ms.toFixed(2)} ms` : ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** A ratio as `1.23×`. */
export function fmtRatio(r) {
  return r === undefined || !Number.isFinite(r) ? 'n/a' : `${r.toFixed(2)}×`;
}

/** Bytes as MiB with one decimal. */
export function fmtMiB(bytes) {
  return typeof bytes !== 'number' || Number.isNaN(bytes) ? 'n/a' : `${(bytes / 1048576).toFixed(1)} MiB`;
}

/** Resolves after `ms` (benchmarks pace themselves; tests never sleep). */
export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
