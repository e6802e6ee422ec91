/**
 * Public face of merkle/: pure RFC 6962 / RFC 9162 tree math and C2SP tlog-tiles layout.
 * Other folders import from here only. No I/O and no `node:` imports (runs in browsers).
 */
export { CodedError } from './coded-error.js';
export { MerkleError, type MerkleErrorCode } from './errors.js';
export { equalBytes, concatBytes, toHex, utf8 } from './bytes.js';
export { HASH_SIZE, EMPTY_ROOT, hashLeaf, hashChildren, checkHash, setSha256Backend, type Sha256Function } from './hash.js';
export {
  type NodeId,
  MAX_NODE_LEVEL,
  pow2,
  bitLength,
  trailingZeros,
  isPowerOfTwo,
  nodeStart,
  nodeEnd,
  rangeNodeIds,
  checkSize,
  checkNodeId,
} from './node-id.js';
export { rootFromLeafHashes } from './tree.js';
export { CompactRange } from './compact-range.js';
export { AppendedNodes, type PairHasher } from './appended-nodes.js';
export {
  TILE_HEIGHT,
  TILE_WIDTH,
  MAX_TILE_LEVEL,
  type TileCoordinates,
  type BundleCoordinates,
  type NodeInTile,
  tileForNode,
  nodeHashFromTile,
  tileWidth,
  entryBundleWidth,
  tilesForSize,
  entryBundlesForSize,
} from './tile.js';
export { type TilePath, formatTilePath, parseTilePath } from './tile-path.js';
export { type ChangedTile, TileWriter } from './tile-writer.js';
export { MAX_ENTRY_SIZE, type ChangedBundle, encodeEntryBundle, parseEntryBundle, BundleWriter } from './bundle-writer.js';
