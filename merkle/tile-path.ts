/**
 * C2SP tlog-tiles resource paths (c2sp.org/tlog-tiles, "Merkle Tree" and "Log entries"):
 *
 *   tile/<L>/<N>[.p/<W>]        hash tile at level L
 *   tile/entries/<N>[.p/<W>]    entry bundle
 *
 * <L> is 0..63 in decimal without leading zeros. <N> is written in 3-digit groups, every group
 * but the last prefixed with `x` (1234067 -> x001/x234/067). `.p/<W>` marks a partial tile of
 * width W in 1..255, decimal without leading zeros. Paths have no leading slash here; the HTTP
 * layer adds its prefix.
 *
 * The parser accepts exactly the strings the formatter produces and nothing else, so a path
 * names one resource in one way (no `x000/005`, no `.p/256`, no `..`).
 */
import { MerkleError } from './errors.js';
import { MAX_TILE_LEVEL, TILE_WIDTH } from './tile.js';

/** A hash tile or an entry bundle. `width` 256 means full (no `.p/` suffix). */
export type TilePath = { kind: 'hash'; level: number; index: number; width: number } | { kind: 'entries'; index: number; width: number };

// The longest canonical path is "tile/entries/" + 5 "xDDD/" groups + "DDD.p/255" (47 chars).
const MAX_PATH_LENGTH = 64;
// 2^53-1 has 16 digits: 6 groups of 3.
const MAX_GROUPS = 6;

/**
 * The canonical path of a tile or bundle, e.g. `tile/0/x001/x234/067.p/5` or
 * `tile/entries/000`. Requires level in 0..63, a safe non-negative index and width in 1..256;
 * throws MerkleError INVALID_ARGUMENT otherwise.
 */
export function formatTilePath(t: TilePath): string {
  if (typeof t !== 'object' || t === null || (t.kind !== 'hash' && t.kind !== 'entries')) {
    throw new MerkleError('INVALID_ARGUMENT', "tile must have kind 'hash' or 'entries'");
  }
  let prefix = 'tile/entries/';
  if (t.kind === 'hash') {
    if (!Number.isInteger(t.level) || t.level < 0 || t.level > MAX_TILE_LEVEL) {
      throw new MerkleError('INVALID_ARGUMENT', `tile level must be an integer in [0, ${MAX_TILE_LEVEL}], got ${String(t.level)}`);
    }
    prefix = `tile/${t.level}/`;
  }
  if (!Number.isSafeInteger(t.index) || t.index < 0) {
    throw new MerkleError('INVALID_ARGUMENT', `tile index must be a non-negative safe integer, got ${String(t.index)}`);
  }
  if (!Number.isInteger(t.width) || t.width < 1 || t.width > TILE_WIDTH) {
    throw new MerkleError('INVALID_ARGUMENT', `tile width must be an integer in [1, ${TILE_WIDTH}], got ${String(t.width)}`);
  }
  const suffix = t.width === TILE_WIDTH ? '' : `.p/${t.width}`;
  return prefix + formatIndex(t.index) + suffix;
}

/** N in 3-digit groups, `x` on all but the last: 1234067 -> x001/x234/067, 5 -> 005. */
function formatIndex(index: number): string {
  let rest = index;
  let out = String(rest % 1000).padStart(3, '0');
  rest = Math.floor(rest / 1000);
  while (rest > 0) {
    out = `x${String(rest % 1000).padStart(3, '0')}/${out}`;
    rest = Math.floor(rest / 1000);
  }
  return out;
}

/**
 * Parses a canonical tile or entry bundle path (the inverse of formatTilePath). Strict: only
 * `tile/`, a level 0..63 without leading zeros or `entries`, index groups `xDDD/.../DDD` with
 * no leading all-zero group and a value of at most 2^53-1, and an optional `.p/<W>` with W in
 * 1..255 without leading zeros. Anything else (a leading or trailing slash, `//`, `..`, `+`,
 * spaces, percent escapes, extra segments) throws MerkleError MALFORMED_TILE_PATH with a message
 * that says what is wrong.
 */
export function parseTilePath(path: string): TilePath {
  if (typeof path !== 'string') malformed('tile path must be a string');
  if (path.length === 0) malformed('tile path is empty');
  if (path.length > MAX_PATH_LENGTH) malformed(`tile path is longer than ${MAX_PATH_LENGTH} characters`);
  const segments = path.split('/');
  if (segments[0] !== 'tile') malformed('tile path must start with "tile/" (no leading slash)');
  if (segments.length < 3) malformed('tile path needs a level (or "entries") and an index');
  if (segments.some((s) => s === '')) {
    malformed('tile path has an empty segment (a doubled, leading or trailing slash)');
  }

  const levelText = segments[1]!;
  let level: number | undefined;
  if (levelText !== 'entries') level = parseLevel(levelText);

  // Index groups run up to the first segment without an `x`; a `.p` on it announces the width
  // as the one segment after it.
  const groups: string[] = [];
  let i = 2;
  for (; i < segments.length; i++) {
    const segment = segments[i]!;
    groups.push(segment);
    if (!segment.startsWith('x')) break;
  }
  if (i === segments.length) malformed('the last index group must not start with "x"');
  let last = segments[i]!;
  let width = TILE_WIDTH;
  if (last.endsWith('.p')) {
    last = last.slice(0, -2);
    groups[groups.length - 1] = last;
    if (i + 1 >= segments.length) malformed('".p" must be followed by "/<width>"');
    width = parseWidth(segments[i + 1]!);
    i++;
  }
  const index = parseIndex(groups);
  if (i + 1 !== segments.length) {
    const extra = segments[i + 1]!;
    const hint = width === TILE_WIDTH && isDigits(extra) ? ' (every index group but the last starts with "x")' : '';
    malformed(`unexpected segment "${extra}" after the tile index${hint}`);
  }
  return level === undefined ? { kind: 'entries', index, width } : { kind: 'hash', level, index, width };
}

function parseLevel(text: string): number {
  if (!isDigits(text)) malformed(`tile level "${text}" must be "entries" or a decimal number`);
  if (text.length > 1 && text[0] === '0') malformed(`tile level "${text}" has a leading zero`);
  const level = Number(text);
  if (text.length > 2 || level > MAX_TILE_LEVEL) malformed(`tile level ${text} is above ${MAX_TILE_LEVEL}`);
  return level;
}

function parseWidth(text: string): number {
  if (!isDigits(text)) malformed(`partial tile width "${text}" must be a decimal number`);
  if (text[0] === '0') {
    malformed(text === '0' ? 'partial tile width must be at least 1' : `partial tile width "${text}" has a leading zero`);
  }
  const width = Number(text);
  if (text.length > 3 || width >= TILE_WIDTH) {
    malformed(`partial tile width ${text} must be below ${TILE_WIDTH} (a full tile has no ".p/" suffix)`);
  }
  return width;
}

// Each group arrives as written: `xDDD` for all but the last, `DDD` for the last.
function parseIndex(groups: string[]): number {
  if (groups.length > MAX_GROUPS) malformed(`tile index has ${groups.length} groups; at most ${MAX_GROUPS} fit below 2^53`);
  let digits = '';
  groups.forEach((group, g) => {
    const isLast = g === groups.length - 1;
    const body = isLast ? group : group.slice(1);
    if (!isLast && !group.startsWith('x')) malformed(`index group "${group}" must start with "x"`);
    if (isLast && group.startsWith('x')) malformed(`the last index group "${group}" must not start with "x"`);
    if (body.length !== 3 || !isDigits(body)) malformed(`index group "${group}" must be exactly 3 digits`);
    digits += body;
  });
  if (groups.length > 1 && groups[0] === 'x000') {
    malformed('tile index has a leading all-zero group ("x000/")');
  }
  // BigInt keeps the range check exact: a 16-18 digit number may not be a safe float.
  if (BigInt(digits) > BigInt(Number.MAX_SAFE_INTEGER)) malformed('tile index is larger than 2^53-1');
  return Number(digits);
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function malformed(message: string): never {
  throw new MerkleError('MALFORMED_TILE_PATH', message);
}
