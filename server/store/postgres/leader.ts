/**
 * Leader election for one log on a shared PostgreSQL (issue 11: "at most one process sequences
 * at a time"). The lock is for liveness, the epoch for safety:
 *
 * - A dedicated session takes the session-level advisory lock (LOCK_CLASS, log_id). A follower
 *   waits inside `pg_advisory_lock` (no polling): PostgreSQL hands it the lock as soon as the
 *   holder's session ends, which it does when the holder's socket closes (process killed).
 * - The new leader then bumps `cairn.logs.epoch` and records its advertised URL. Every commit
 *   compares that epoch (head.ts `swapHead`), so a leader that lost its session without noticing
 *   (paused, partitioned) can never commit again: fencing.
 * - While leading, the session is watched: an error or end of the connection, or a failed
 *   heartbeat, aborts `lost` at once, and the caller stops sequencing.
 *
 * A host that vanishes without closing its socket keeps the lock until PostgreSQL's TCP
 * keepalives give up; the session asks for short ones (about 11 s: idle 5 s, then 3 probes
 * 2 s apart). Unix sockets close with the process.
 */
import pg from 'pg';
import { StoreError } from '../store.js';
import { isConnectionLoss, toStoreError } from './pg-errors.js';
import { LOCK_CLASS } from './schema.js';

/** What a process holds while it leads one log. */
export interface Leadership {
  readonly logId: number;
  /** The fencing token: pass it to every commit (HeadExpectation.epoch). */
  readonly epoch: number;
  /** Aborted when leadership is lost (session error or end, failed heartbeat) or released. */
  readonly lost: AbortSignal;
  /** Gives up the lead (ends the lock session); resolves when PostgreSQL has released it. */
  release(): Promise<void>;
}

/** How to campaign for one log. */
export interface LeaderOptions {
  /** The PostgreSQL connection (a URL or pg client settings); one dedicated session is opened. */
  connection: string | pg.ClientConfig;
  /** The log to lead (`cairn.logs.log_id`). */
  logId: number;
  /** This process's URL, recorded in `cairn.logs.leader` so followers can forward appends. */
  advertise?: string;
  /** Milliseconds between heartbeats of the lock session (default 1000). */
  heartbeatMs?: number;
}

const SESSION_SETTINGS = [
  // Detect a vanished peer on TCP (no effect on unix sockets, where a close is immediate).
  `SET tcp_keepalives_idle = 5`,
  `SET tcp_keepalives_interval = 2`,
  `SET tcp_keepalives_count = 3`,
  // A waiter whose process died must not take the lock afterwards: the server notices the
  // closed socket while it waits, and ends that session.
  `SET client_connection_check_interval = '1s'`,
  `SET application_name = 'cairn leader election'`,
];

function clientConfig(connection: string | pg.ClientConfig): pg.ClientConfig {
  return typeof connection === 'string' ? { connectionString: connection, keepAlive: true } : { keepAlive: true, ...connection };
}

/**
 * Waits until this process holds the lead of `options.logId`, then bumps the epoch and returns
 * the Leadership. Rejects with a StoreError when PostgreSQL fails or the log does not exist, and
 * with `signal.reason` when `signal` aborts first (the wait is cancelled on the server).
 */
export async function campaign(options: LeaderOptions, signal?: AbortSignal): Promise<Leadership> {
  const session = await openSession(options);
  try {
    const cancel = (): void => void cancelBackend(options.connection, session.pid);
    signal?.throwIfAborted();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      await session.client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_CLASS, options.logId]);
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
    signal?.throwIfAborted();
    return await becomeLeader(session.client, options);
  } catch (err) {
    await session.client.end().catch(() => undefined);
    if (signal?.aborted) throw signal.reason;
    throw toStoreError(err, `campaigning for the lead of log ${options.logId}`);
  }
}

/** Takes the lead only if nobody holds it now; undefined when another process leads. */
export async function tryLead(options: LeaderOptions): Promise<Leadership | undefined> {
  const session = await openSession(options);
  try {
    const { rows } = await session.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_CLASS, options.logId]);
    if (rows[0]?.ok !== true) {
      await session.client.end();
      return undefined;
    }
    return await becomeLeader(session.client, options);
  } catch (err) {
    await session.client.end().catch(() => undefined);
    throw toStoreError(err, `taking the lead of log ${options.logId}`);
  }
}

async function openSession(options: LeaderOptions): Promise<{ client: pg.Client; pid: number }> {
  const client = new pg.Client(clientConfig(options.connection));
  // Until becomeLeader watches it, an error of the idle session is reported by the next query.
  client.on('error', () => undefined);
  try {
    await client.connect();
    for (const sql of SESSION_SETTINGS) await client.query(sql);
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return { client, pid: rows[0]!.pid };
  } catch (err) {
    await client.end().catch(() => undefined);
    throw toStoreError(err, 'opening the leader-election session');
  }
}

/** Cancels the lock wait of backend `pid` from a short second session (best effort). */
async function cancelBackend(connection: string | pg.ClientConfig, pid: number): Promise<void> {
  const client = new pg.Client(clientConfig(connection));
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT pg_cancel_backend($1)', [pid]);
  } catch {
    // The waiter's own connection is ended by campaign() anyway.
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function becomeLeader(client: pg.Client, options: LeaderOptions): Promise<Leadership> {
  const { rows } = await client.query<{ epoch: string }>(
    'UPDATE cairn.logs SET epoch = epoch + 1, leader = $2, leader_since = now() WHERE log_id = $1 RETURNING epoch',
    [options.logId, options.advertise ?? null],
  );
  if (rows[0] === undefined) {
    throw new StoreError('STORE_CORRUPT', `there is no log ${options.logId} in this database to lead; initialise it first`);
  }
  const epoch = Number(rows[0].epoch);
  const controller = new AbortController();
  let released: Promise<void> | undefined;
  const lose = (why: string, cause?: unknown): void => {
    if (controller.signal.aborted) return;
    clearInterval(heartbeat);
    controller.abort(new StoreError('STORE_UNAVAILABLE', `lost the lead of log ${options.logId} (epoch ${epoch}): ${why}`, { cause }));
  };
  client.removeAllListeners('error');
  client.on('error', (err) => lose('the lock session failed', err));
  client.on('end', () => lose('the lock session ended'));
  const heartbeat = setInterval(() => {
    client.query('SELECT 1').catch((err: unknown) => lose(isConnectionLoss(err) ? 'the lock session is gone' : 'a heartbeat failed', err));
  }, options.heartbeatMs ?? 1000);
  heartbeat.unref();
  return {
    logId: options.logId,
    epoch,
    lost: controller.signal,
    release: () => {
      released ??= (async () => {
        lose('released');
        await client.end().catch(() => undefined);
      })();
      return released;
    },
  };
}
