/**
 * `cairn erase --url U --token T (--index N… | --actor A | --submitter S | --target T) --reason R`
 * (issue 14; README "Retention and erasure"): asks the log to erase payloads, as a recorded
 * erasure (POST /v1/erasures, an admin token). Prints the erased indexes and the index of the
 * erasure record; with --json the server's answer, including the record's receipt.
 */
import { ADMIN_OPTIONS, adminRequest, selection } from './admin-request.js';
import { UsageError, defineCommand } from './command.js';

/** The `cairn erase` command. */
export const eraseCommand = defineCommand({
  name: 'erase',
  summary: 'erase payloads (by index or filter) as a recorded erasure; needs an admin token',
  usage: 'erase --url U --token T (--index N ... | --actor A | --submitter S | --target T) --reason R [--json]',
  options: {
    ...ADMIN_OPTIONS,
    index: { type: 'string', help: 'an entry index to erase (repeat, or separate with commas)', multiple: true, placeholder: 'N' },
    actor: { type: 'string', help: "erase every entry whose event's actor is A", placeholder: 'A' },
    submitter: { type: 'string', help: 'erase every entry appended by the credential S', placeholder: 'S' },
    target: { type: 'string', help: "erase every entry whose event's target is T", placeholder: 'T' },
    reason: { type: 'string', help: 'why (a ticket or request reference; it goes into the log, so never the data itself)', placeholder: 'R' },
  },
  async run(options, _positionals, io) {
    if (options.reason === undefined || options.reason.trim() === '') throw new UsageError('--reason is required: it is recorded in the log with the erasure');
    const body = { ...selection(options), reason: options.reason };
    return adminRequest('erase', options, io, { method: 'POST', path: '/v1/erasures', body }, (a) => {
      const erased = (a['erased'] as number[] | undefined) ?? [];
      return `Erased the payloads of ${erased.length} entr${erased.length === 1 ? 'y' : 'ies'} (${erased.join(', ')}); the erasure is recorded as entry ${String(a['record'])}.\n`;
    });
  },
});
