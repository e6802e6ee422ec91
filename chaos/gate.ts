/**
 * Where the chaos run is, as the writers see it. The controller moves through
 *
 *   load ──SIGKILL──▶ down ──restart──▶ retry ──writers idle──▶ check ──▶ load ...  ──▶ done
 *
 * - load: the server is up; writers send new requests.
 * - down: the server was killed; nothing new is sent.
 * - retry: the restarted server is up; only writers with a request that got no answer (or a
 *   503) send it again, with the same idempotency keys, until they get receipts.
 * - check: the controller verifies the restarted log; nothing is sent.
 * - done: the writers return.
 *
 * Every restart is a new epoch with its own URL (the server listens on port 0).
 */

/** The states of a chaos run; see the file comment. */
export type Phase = 'load' | 'down' | 'retry' | 'check' | 'done';

/** A running server as the writers reach it. */
export interface Up {
  url: string;
  /** Counts restarts: 0 for the first start. */
  epoch: number;
}

export class Gate {
  private phase: Phase = 'down';
  private current: Up = { url: '', epoch: -1 };
  private readonly watchers = new Set<() => void>();
  /** Writers inside a request (from its first attempt until it is settled, retries included). */
  private busyWriters = 0;
  /** Requests sent and not yet answered or failed. */
  private inFlightRequests = 0;

  /** Moves to `phase`; `up` gives the server of a new epoch (load and retry phases). */
  set(phase: Phase, up?: Up): void {
    this.phase = phase;
    if (up !== undefined) this.current = up;
    this.notify();
  }

  get state(): Phase {
    return this.phase;
  }

  get busy(): number {
    return this.busyWriters;
  }

  get inFlight(): number {
    return this.inFlightRequests;
  }

  /** Resolves with the server once new requests may be sent; undefined once the run is done. */
  whenLoad(): Promise<Up | undefined> {
    return this.waitFor(() => (this.phase === 'done' ? null : this.phase === 'load' ? this.current : undefined));
  }

  /**
   * Resolves with the server once a request may be sent again: the phase is load or retry and
   * the server's epoch is later than `afterEpoch` (a request that got no answer waits for the
   * restart, instead of hammering the dead address). Undefined once the run is done.
   */
  whenUp(afterEpoch = -1): Promise<Up | undefined> {
    return this.waitFor(() => {
      if (this.phase === 'done') return null;
      const up = (this.phase === 'load' || this.phase === 'retry') && this.current.epoch > afterEpoch;
      return up ? this.current : undefined;
    });
  }

  /** Resolves once no writer is inside a request. */
  whenIdle(): Promise<void> {
    return this.waitFor(() => (this.busyWriters === 0 ? null : undefined)).then(() => undefined);
  }

  /** Resolves once at least one request is in flight (the moment a kill is worth making). */
  whenInFlight(): Promise<void> {
    return this.waitFor(() => (this.inFlightRequests > 0 ? null : undefined)).then(() => undefined);
  }

  /** A writer starts (+1) or settles (-1) a request. */
  writerBusy(delta: 1 | -1): void {
    this.busyWriters += delta;
    this.notify();
  }

  /** A request is sent (+1) or answered or failed (-1). */
  requestInFlight(delta: 1 | -1): void {
    this.inFlightRequests += delta;
    this.notify();
  }

  /** Resolves when `check` returns something other than undefined (null stands for undefined). */
  private waitFor<T>(check: () => T | null | undefined): Promise<T | undefined> {
    return new Promise((resolve) => {
      const watcher = (): void => {
        const value = check();
        if (value === undefined) return;
        this.watchers.delete(watcher);
        resolve(value === null ? undefined : value);
      };
      this.watchers.add(watcher);
      watcher();
    });
  }

  private notify(): void {
    for (const w of [...this.watchers]) w();
  }
}
