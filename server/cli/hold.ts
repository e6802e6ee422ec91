/**
 * `cairn hold add|list|release` (issue 14; README "Retention and erasure"): legal holds, with an
 * admin token. A held entry cannot be erased and retention skips it until the hold is released.
 * Holds and releases are recorded in the log (POST /v1/holds, GET /v1/holds, DELETE /v1/holds/ID).
 */
import { ADMIN_OPTIONS, adminRequest, selection } from './admin-request.js';
import { UsageError, defineCommand } from './command.js';

function describeHold(h: Record<string, unknown>): string {
  const what = h['indexes'] ? `entries ${(h['indexes'] as number[]).join(', ')}` : `entries matching ${JSON.stringify(h['filter'])}`;
  const state = h['releasedBy'] === undefined ? 'active' : `released by entry ${String(h['releasedBy'])}`;
  return `hold ${String(h['id'])}: ${what}; ${state}; by ${String(h['by'])}: ${String(h['reason'])}`;
}

/** `cairn hold add`. */
export const holdAddCommand = defineCommand({
  name: 'hold add',
  summary: 'place a legal hold (by index or filter); needs an admin token',
  usage: 'hold add --url U --token T (--index N ... | --actor A | --submitter S | --target T) --reason R [--json]',
  options: {
    ...ADMIN_OPTIONS,
    index: { type: 'string', help: 'an entry index to hold (repeat, or separate with commas)', multiple: true, placeholder: 'N' },
    actor: { type: 'string', help: "hold every entry whose event's actor is A, now and later", placeholder: 'A' },
    submitter: { type: 'string', help: 'hold every entry appended by the credential S, now and later', placeholder: 'S' },
    target: { type: 'string', help: "hold every entry whose event's target is T, now and later", placeholder: 'T' },
    reason: { type: 'string', help: 'why (a case reference; it goes into the log)', placeholder: 'R' },
  },
  async run(options, _positionals, io) {
    if (options.reason === undefined || options.reason.trim() === '') throw new UsageError('--reason is required: it is recorded in the log with the hold');
    const body = { ...selection(options), reason: options.reason };
    return adminRequest(
      'hold add',
      options,
      io,
      { method: 'POST', path: '/v1/holds', body },
      (a) => `Placed ${describeHold(a['hold'] as Record<string, unknown>)}\n`,
    );
  },
});

/** `cairn hold list`. */
export const holdListCommand = defineCommand({
  name: 'hold list',
  summary: 'list legal holds, released ones included; needs an admin token',
  usage: 'hold list --url U --token T [--json]',
  options: { ...ADMIN_OPTIONS },
  async run(options, _positionals, io) {
    return adminRequest('hold list', options, io, { method: 'GET', path: '/v1/holds' }, (a) => {
      const holds = (a['holds'] as Record<string, unknown>[] | undefined) ?? [];
      return holds.length === 0 ? 'No legal holds.\n' : holds.map(describeHold).join('\n') + '\n';
    });
  },
});

/** `cairn hold release ID`. */
export const holdReleaseCommand = defineCommand({
  name: 'hold release',
  summary: 'release a legal hold by its id; needs an admin token',
  usage: 'hold release --url U --token T ID [--json]',
  options: { ...ADMIN_OPTIONS },
  maxPositionals: 1,
  async run(options, positionals, io) {
    const id = positionals[0];
    if (id === undefined || !/^[0-9]+$/.test(id)) throw new UsageError('give the id of the hold to release (cairn hold list shows them)');
    return adminRequest(
      'hold release',
      options,
      io,
      { method: 'DELETE', path: `/v1/holds/${id}` },
      (a) => `Released ${describeHold(a['hold'] as Record<string, unknown>)}\n`,
    );
  },
});
