/**
 * Public face of server/state/: the committed state of a log, shared by the write side
 * (server/sequencer/) and the read side (server/read/), which never import each other.
 */
export { loadLogState, nextEdgeTiles, type EdgeTile, type LogState, type SignedTreeHead } from './log-state.js';
export { readNodeHashes, type TileSource } from './tile-hashes.js';
