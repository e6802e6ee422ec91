/**
 * The events every benchmark appends: pseudo-random (incompressible) bytes from a seeded AES-CTR
 * stream, so Cairn, hypercore, the raw LevelDB batch and the SHA-256 figure see the same bytes in
 * every process of a run, and storage figures are not flattered by compression.
 */
import { createCipheriv, createHash } from 'node:crypto';

/** Bytes of the pool events are cut from (larger than any LevelDB block, so no repeats inside one). */
const POOL_BYTES = 4 * 1024 * 1024;

/**
 * `length` pseudo-random bytes determined by `seed` (AES-128-CTR of zeros under SHA-256(seed)).
 * @param {string} seed
 * @param {number} length
 * @returns {Uint8Array}
 */
export function seededBytes(seed, length) {
  const digest = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('aes-128-ctr', digest.subarray(0, 16), digest.subarray(16, 32));
  return new Uint8Array(Buffer.concat([cipher.update(Buffer.alloc(length)), cipher.final()]));
}

/**
 * A source of events of one size: event i is the i-th window of the seeded pool (the same i gives
 * the same bytes in every process). Windows start at a stride coprime with nothing in particular;
 * consecutive events never share bytes.
 */
export class EventSource {
  /**
   * @param {number} eventBytes size of every event (1 .. 1 MiB)
   * @param {string} [seed]
   */
  constructor(eventBytes, seed = 'cairn-bench') {
    if (!Number.isSafeInteger(eventBytes) || eventBytes < 1 || eventBytes > 1024 * 1024) throw new RangeError(`event size ${eventBytes}`);
    this.eventBytes = eventBytes;
    this.pool = seededBytes(`${seed}/${eventBytes}`, POOL_BYTES);
    this.slots = Math.floor(POOL_BYTES / eventBytes);
  }

  /**
   * Event i (a view into the pool: callers must not write to it).
   * @param {number} i
   */
  event(i) {
    const start = (i % this.slots) * this.eventBytes;
    return this.pool.subarray(start, start + this.eventBytes);
  }

  /**
   * Events first .. first+count-1.
   * @param {number} first
   * @param {number} count
   */
  events(first, count) {
    const out = new Array(count);
    for (let k = 0; k < count; k++) out[k] = this.event(first + k);
    return out;
  }
}
