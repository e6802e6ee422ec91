/**
 * The one error class of the merkle area: bad arguments to the tree math and malformed tile
 * paths. Pure code, no I/O.
 */
import { CodedError } from './coded-error.js';

/** Every reason a merkle/ function can refuse its input. */
export type MerkleErrorCode =
  | 'INVALID_ARGUMENT' // a size, index, level or hash of the wrong type, range or length
  | 'MALFORMED_TILE_PATH'; // a C2SP tlog-tiles path that is not canonical

/** Thrown by merkle/ on bad input; never anything else. */
export class MerkleError extends CodedError<MerkleErrorCode> {
  override readonly name = 'MerkleError';
}
