/**
 * The one error class of the merkle area: bad arguments to the tree math and malformed tile
 * paths. Pure code, no I/O.
 */

/** Every reason a merkle/ function can refuse its input. */
export type MerkleErrorCode =
  | 'INVALID_ARGUMENT' // a size, index, level or hash of the wrong type, range or length
  | 'MALFORMED_TILE_PATH'; // a C2SP tlog-tiles path that is not canonical

/** Thrown by merkle/ on bad input; never anything else. */
export class MerkleError extends Error {
  override readonly name = 'MerkleError';
  readonly code: MerkleErrorCode;

  constructor(code: MerkleErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
