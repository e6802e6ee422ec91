/**
 * The JSON audit events of the search figures (docs/events.md shape): actors spread so that an
 * actor has about 200 entries in a log of `logEntries`, four actions, 5000 targets.
 */
const utf8 = new TextEncoder();
const ACTIONS = ['read', 'write', 'delete', 'login'];

/** The number of distinct actors in a log of `logEntries` (about 200 entries each). */
export function actorCount(logEntries) {
  return Math.max(1, Math.floor(logEntries / 200));
}

/**
 * A generator of append inputs: `next(n)` returns the next n events, numbered on from 0.
 * @param {number} logEntries the size of the log being built (sets the number of actors)
 */
export function auditEvents(logEntries) {
  const actors = actorCount(logEntries);
  let seq = 0;
  return (n) => {
    const out = new Array(n);
    for (let i = 0; i < n; i++, seq++) {
      const event = { actor: `user-${(seq * 7919) % actors}`, action: ACTIONS[seq % 4], target: `doc/${seq % 5000}`, outcome: 'success', context: { n: seq } };
      out[i] = { payload: utf8.encode(JSON.stringify(event)), contentType: 'application/json', occurredAt: 0n };
    }
    return out;
  };
}
