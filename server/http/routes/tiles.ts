/**
 * C2SP tlog-tiles (SPEC §2, §5): `GET /tile/<L>/<N>[.p/<W>]` (hash tiles) and
 * `GET /tile/entries/<N>[.p/<W>]` (entry bundles), as application/octet-stream.
 *
 * A full tile never changes: `Cache-Control: public, max-age=31536000, immutable` (`private`
 * when reads need a reader token, see routing.ts `cacheControl`). A partial
 * one of width W is served for every W up to the tile's current width (its first W hashes or
 * entries), so a client holding any checkpoint the log ever signed finds what that checkpoint
 * needs; partials are cacheable for a few seconds only, as the SPEC asks. A path wider than what
 * the tree has (a full path before the tile is full) is 404, never cached.
 *
 * The path is parsed whole and strictly (merkle/tile-path.ts) from the raw URL path, so only
 * the one canonical spelling of a tile is served.
 */
import type { RequestHandler } from 'express';
import { MerkleError, TILE_WIDTH, parseTilePath, type TilePath } from '../../../merkle/index.js';
import { ServerError } from '../../errors.js';
import type { LogContext } from '../served-log.js';
import { readAccess } from '../auth.js';
import { cacheControl } from '../routing.js';
import type { RouteTable } from './route-table.js';

function parsePath(rawPath: string): TilePath {
  try {
    // No leading slash in the tile-path grammar.
    return parseTilePath(rawPath.slice(1));
  } catch (err) {
    if (!(err instanceof MerkleError)) throw err;
    throw new ServerError(
      'NOT_FOUND',
      `${JSON.stringify(rawPath.slice(0, 80))} is not a tile path (${err.message}); see C2SP tlog-tiles, e.g. /tile/0/x001/234 or /tile/entries/005.p/7.`,
    );
  }
}

/** The routes of the tile API. */
export function tileRoutes(ctx: LogContext): RouteTable {
  const { log, policy } = ctx;
  const serveTile: RequestHandler = async (req, res) => {
    const tile = parsePath(req.path);
    const bytes = tile.kind === 'hash' ? await log.hashTile(tile.level, tile.index, tile.width) : await log.entryBundle(tile.index, tile.width);
    if (bytes === undefined) {
      throw new ServerError(
        'NOT_FOUND',
        `The log does not have ${JSON.stringify(req.path.slice(0, 80))} yet: its tree (size ${log.committedSize}) does not reach that ${tile.kind === 'hash' ? 'tile' : 'entry bundle'} width. Fetch the width your checkpoint needs.`,
      );
    }
    res.set('Content-Type', 'application/octet-stream');
    res.set('Cache-Control', cacheControl(policy.requireReaderForReads, tile.width === TILE_WIDTH ? 'immutable' : 'short'));
    res.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  };
  const read = readAccess(ctx);
  return {
    // Before /tile/:level/*path, which would otherwise take "entries" as a level.
    '/tile/entries/*path': { get: [read, serveTile] },
    '/tile/:level/*path': { get: [read, serveTile] },
  };
}
