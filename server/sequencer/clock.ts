/**
 * The log's clock (SPEC §3): nanosecond timestamps that follow the host clock and strictly
 * increase with the index. When the host clock steps back, the log runs ahead of it by the least
 * amount (one nanosecond past the last timestamp it issued) until the host clock catches up.
 */

/** Nanoseconds since the Unix epoch, UTC, from the host's wall clock. */
export type WallClock = () => bigint;

const NS_PER_MS = 1_000_000n;

/**
 * A wall clock with nanosecond resolution: Date.now() gives the wall time to the millisecond and
 * process.hrtime the nanoseconds within it. Re-anchored whenever the two drift apart by more
 * than a millisecond, so it follows steps of the host clock (NTP, an operator) at once.
 */
export function hostClock(): WallClock {
  let anchorWall = BigInt(Date.now()) * NS_PER_MS;
  let anchorHr = process.hrtime.bigint();
  return () => {
    const hr = process.hrtime.bigint();
    const estimate = anchorWall + (hr - anchorHr);
    const wall = BigInt(Date.now()) * NS_PER_MS;
    const drift = estimate - wall;
    if (drift < 0n || drift >= NS_PER_MS) {
      anchorWall = wall;
      anchorHr = hr;
      return wall;
    }
    return estimate;
  };
}

/** Issues strictly increasing timestamps. Requires `last` = the newest timestamp in the log (0n if empty). */
export class LogClock {
  constructor(
    private last: bigint,
    private readonly wall: WallClock = hostClock(),
  ) {}

  /** The newest timestamp issued or restored. */
  get lastIssued(): bigint {
    return this.last;
  }

  /** Never lets the clock go back below a timestamp already in the log. */
  observe(timestamp: bigint): void {
    if (timestamp > this.last) this.last = timestamp;
  }

  /** Reads the wall clock once. */
  now(): bigint {
    return this.wall();
  }

  /** `count` strictly increasing timestamps, each max(now, previous + 1). */
  take(count: number): bigint[] {
    const now = this.wall();
    const out = new Array<bigint>(count);
    let t = this.last;
    for (let i = 0; i < count; i++) {
      t = now > t ? now : t + 1n;
      out[i] = t;
    }
    this.last = t;
    return out;
  }
}
