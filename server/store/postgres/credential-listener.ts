/**
 * Tells a process when the credentials of a shared PostgreSQL store changed (issue 11: `cairn
 * token --store` writes to the database while servers run). Every credential write notifies
 * channel `cairn_credentials` in its transaction (pg-log-store.ts), delivered at COMMIT; one
 * dedicated session per process LISTENs to it.
 *
 * Notifications sent while the session is down are lost, so the listener fails closed: from the
 * moment the session breaks until it LISTENs again, it calls `onChange` every
 * POLL_WHILE_DOWN_MS (the caller re-reads the credentials through its own connections, which
 * may well work: a terminated backend, a listener session cut by a proxy), and every
 * (re)connection counts as a change too. A revoked token thus stops working within half a second
 * whether or not the notification arrived; the periodic reload (credential-refresh.ts) stays the
 * backstop. A broken session reconnects by itself, 1 s after the failure at first, then up to
 * every 5 s.
 */
import pg from 'pg';

/** The PostgreSQL notification channel told of every credential change (payload: the id). */
export const CREDENTIALS_CHANNEL = 'cairn_credentials';

/** A running listener. */
export interface CredentialListener {
  /** Stops listening and ends the session. */
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 5000;
/** While no session listens: how often the caller is told to re-read the credentials (ms). */
export const POLL_WHILE_DOWN_MS = 500;

/**
 * Listens on `connectionString`'s database: calls `onChange` for each notification, after each
 * (re)connection and every POLL_WHILE_DOWN_MS while no session listens; `onError` (if given)
 * when the session fails. Never rejects: a database that is down is retried.
 */
export function listenForCredentialChanges(connectionString: string, onChange: () => void, onError?: (err: unknown) => void): CredentialListener {
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let delay = FIRST_RETRY_MS;
  // Set while no session listens (changes may be missed): polls for them.
  let poll: NodeJS.Timeout | undefined;
  const startPolling = (): void => {
    if (closed || poll !== undefined) return;
    poll = setInterval(onChange, POLL_WHILE_DOWN_MS);
    poll.unref();
  };
  const stopPolling = (): void => {
    if (poll !== undefined) clearInterval(poll);
    poll = undefined;
  };

  const scheduleReconnect = (): void => {
    if (closed || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, delay);
    retry.unref();
    delay = Math.min(MAX_RETRY_MS, delay * 2);
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString, keepAlive: true, application_name: 'cairn credential listener' });
    client = c;
    const fail = (err: unknown): void => {
      if (client === c) client = undefined;
      c.removeAllListeners('notification');
      void c.end().catch(() => undefined);
      if (!closed) {
        onError?.(err);
        startPolling();
        scheduleReconnect();
      }
    };
    c.on('error', fail);
    c.on('end', () => fail(new Error('the credential listener session ended')));
    c.on('notification', (n) => {
      if (n.channel === CREDENTIALS_CHANNEL) onChange();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CREDENTIALS_CHANNEL}`);
    } catch (err) {
      fail(err);
      return;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    delay = FIRST_RETRY_MS;
    stopPolling();
    // Whatever changed while no session listened.
    onChange();
  };

  void connect();
  return {
    async close() {
      closed = true;
      stopPolling();
      if (retry !== undefined) clearTimeout(retry);
      const c = client;
      client = undefined;
      if (c !== undefined) {
        c.removeAllListeners('end');
        await c.end().catch(() => undefined);
      }
    },
  };
}
