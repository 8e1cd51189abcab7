/**
 * Stable error codes of the training peers and their runner. pytorch_peer.py prints the same
 * codes in its error messages.
 */
export type PeerErrorCode =
  /** The interactions CSV is missing, lacks a column, or has a row that cannot be read. */
  | 'PEER_DATA_INVALID'
  /** A command-line option is out of range. */
  | 'PEER_OPTION_INVALID'
  /** The loss became NaN or infinite during training. */
  | 'PEER_LOSS_NOT_FINITE'
  /** The peer process exited with a non-zero status. */
  | 'PEER_FAILED'
  /** The peer process ran longer than the runner's timeout. */
  | 'PEER_TIMEOUT'
  /** The peer exited cleanly but printed no valid result line. */
  | 'PEER_OUTPUT_INVALID';

export class PeerError extends Error {
  readonly code: PeerErrorCode;

  constructor(code: PeerErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'PeerError';
    this.code = code;
  }
}
