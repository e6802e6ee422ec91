/**
 * Dynamic proofs (SPEC §5) for clients that do not want to fetch tiles:
 *
 * - `GET /v1/proof/inclusion?index=I&size=N` or `?leafHash=<b64>&size=N` ->
 *   `{index, treeSize, leafHash, hashes}` (RFC 9162 §2.1.3);
 * - `GET /v1/proof/consistency?from=M&to=N` -> `{from, to, hashes}` (RFC 9162 §2.1.4; empty when
 *   from = 0 or from = to).
 *
 * `size` and `to` default to the latest checkpoint. Numbers are canonical decimals; a size
 * beyond the latest checkpoint, an index outside the tree or from > to is a 400 whose sentence
 * says the valid range. Proofs are built from tiles (O(log n) reads), the same hashes the
 * tile API serves.
 */
import type { RequestHandler } from 'express';
import type { ConsistencyProofJson, InclusionProofJson } from '../../../client/index.js';
import { cairn } from '../../../proto/gen/cairn.js';
import { encodeBase64 } from '../../../proofs/index.js';
import { ServerError } from '../../errors.js';
import type { LogContext, ServedLog } from '../served-log.js';
import { readAccess } from '../auth.js';
import { responseFormat, sendNegotiated } from '../negotiate.js';
import { parseHashParam, parseNumberParam, queryParams } from '../params.js';
import { cacheControl } from '../routing.js';
import type { RouteTable } from './route-table.js';

/** A size parameter, defaulting to the latest checkpoint and never beyond it. */
function treeSizeParam(log: ServedLog, text: string | undefined, name: string): number {
  const latest = log.checkpoint.treeSize;
  if (text === undefined) return latest;
  const size = parseNumberParam(text, name);
  if (size > latest) {
    throw new ServerError('INVALID_PARAMETER', `${name}=${size} is beyond the log's latest checkpoint (tree size ${latest}); ask for a size up to ${latest}.`);
  }
  return size;
}

/** The routes of the proof API. */
export function proofRoutes(ctx: LogContext): RouteTable {
  const { log, policy } = ctx;
  const cache = (explicit: boolean): string => cacheControl(policy.requireReaderForReads, explicit ? 'immutable' : 'none');

  const inclusion: RequestHandler = async (req, res) => {
    const q = queryParams(req, ['index', 'leafHash', 'size']);
    const format = responseFormat(req);
    const size = treeSizeParam(log, q.size, 'size');
    if ((q.index === undefined) === (q.leafHash === undefined)) {
      throw new ServerError('INVALID_PARAMETER', 'Give exactly one of index=<leaf index> and leafHash=<base64 leaf hash> (and optionally size=<tree size>).');
    }
    if (size === 0) throw new ServerError('INVALID_PARAMETER', 'The empty tree (size 0) has no entries to prove; ask for a size of at least 1.');
    let index: number;
    let leafHash: Uint8Array;
    if (q.index !== undefined) {
      index = parseNumberParam(q.index, 'index');
      if (index >= size) throw new ServerError('INVALID_PARAMETER', `index=${index} is not in the tree of size ${size}; ask for an index below ${size}.`);
      // The leaf hash is in the level-0 tile, which the proof reads anyway (no bundle parse).
      leafHash = await log.leafHash(index);
    } else {
      leafHash = parseHashParam(q.leafHash!, 'leafHash');
      const found = await log.findLeaf(leafHash);
      if (found === undefined)
        throw new ServerError('NOT_FOUND', 'The log has no entry with this leaf hash; check that it is the RFC 6962 leaf hash SHA-256(0x00 || entry bytes).');
      if (found >= size) {
        throw new ServerError(
          'NOT_FOUND',
          `The entry with this leaf hash has index ${found}, so it is not in the tree of size ${size}; ask for a size above ${found}.`,
        );
      }
      index = found;
    }
    const hashes = await log.inclusionProof(index, size);
    res.set('Cache-Control', cache(q.size !== undefined));
    sendNegotiated(
      res,
      format,
      (): InclusionProofJson => ({ index, treeSize: size, leafHash: encodeBase64(leafHash), hashes: hashes.map(encodeBase64) }),
      () => cairn.v1.InclusionProof.encode({ index, treeSize: size, hashes, leafHash }).finish(),
    );
  };

  const consistency: RequestHandler = async (req, res) => {
    const q = queryParams(req, ['from', 'to']);
    const format = responseFormat(req);
    if (q.from === undefined)
      throw new ServerError('INVALID_PARAMETER', 'Give from=<older tree size> (and optionally to=<newer tree size>, default the latest).');
    const to = treeSizeParam(log, q.to, 'to');
    const from = parseNumberParam(q.from, 'from');
    if (from > to)
      throw new ServerError('INVALID_PARAMETER', `from=${from} is larger than to=${to}; a consistency proof goes from an older (smaller) tree to a newer one.`);
    const hashes = await log.consistencyProof(from, to);
    res.set('Cache-Control', cache(q.to !== undefined));
    sendNegotiated(
      res,
      format,
      (): ConsistencyProofJson => ({ from, to, hashes: hashes.map(encodeBase64) }),
      () => cairn.v1.ConsistencyProof.encode({ from, to, hashes }).finish(),
    );
  };

  const read = readAccess(ctx);
  return {
    '/v1/proof/inclusion': { get: [read, inclusion] },
    '/v1/proof/consistency': { get: [read, consistency] },
  };
}
