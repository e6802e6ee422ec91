/**
 * The Search page: the filters of GET /v1/events (actor, action, target, submitter, a time range,
 * order, limit) and its `next` cursor. Every result is a receipt; each gets a mark computed here
 * with verifyReceipt against the user's trusted verifier key, and must be proved against the
 * answer's own checkpoint (itself verified with that key).
 */
import { verifyCheckpoint, verifyReceipt, type ReceiptJson } from '../../../client/index.js';
import { equalBytes } from '../../../merkle/index.js';
import { formatTimestamp } from '../../../proofs/index.js';
import { getJson } from '../api.js';
import { field, h, heading, replace } from '../dom.js';
import { viewPayload } from '../event-view.js';
import { setReaderToken, setTrustedKey } from '../session.js';
import { readerTokenField, verifierKeyField } from '../settings.js';
import { mark, reason } from '../verdict.js';

/** The answer of GET /v1/events (issue 13). */
interface EventsAnswer {
  checkpoint: string;
  events: ReceiptJson[];
  next: string | null;
}

/** Quick ranges of the time picker, in hours back from now. */
const PRESETS: readonly [string, number][] = [
  ['Any time', 0],
  ['Last hour', 1],
  ['Last 24 hours', 24],
  ['Last 7 days', 24 * 7],
  ['Last 30 days', 24 * 30],
];

/** The value of a datetime-local input as RFC 3339 UTC, or undefined when empty. */
function instant(input: HTMLInputElement): string | undefined {
  if (input.value === '') return undefined;
  const t = new Date(input.value);
  if (Number.isNaN(t.getTime())) throw new Error(`${input.value} is not a date and time`);
  return t.toISOString();
}

/** A Date as a datetime-local value (local time, to the second). */
function localValue(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Renders the Search page into `main`. */
export function renderSearch(main: HTMLElement, signal: AbortSignal): void {
  const text = (name: string): HTMLInputElement => h('input', { type: 'text', name, autocomplete: 'off', spellcheck: 'false' });
  const actor = field('Actor', text('actor'));
  const action = field('Action', text('action'));
  const target = field('Target', text('target'));
  const submitter = field('Submitter', text('submitter'));
  const preset = field('Time range', h('select', { name: 'range' }, ...PRESETS.map(([label, hours]) => h('option', { value: String(hours) }, label))));
  const since = field('From', h('input', { type: 'datetime-local', step: '1', name: 'since' }), 'Your local time; empty for no lower bound.');
  const until = field('Until', h('input', { type: 'datetime-local', step: '1', name: 'until' }), 'Empty for no upper bound.');
  const order = field('Order', h('select', { name: 'order' }, h('option', { value: 'desc' }, 'Newest first'), h('option', { value: 'asc' }, 'Oldest first')));
  const limit = field('Results per page', h('input', { type: 'number', min: '1', max: '1000', step: '1', value: '50', name: 'limit' }));
  const key = verifierKeyField();
  const token = readerTokenField();
  const filters = h('fieldset', {}, h('legend', {}, 'Filters'), actor.row, action.row, target.row, submitter.row);
  const range = h('fieldset', {}, h('legend', {}, 'Time range'), preset.row, since.row, until.row);
  const form = h(
    'form',
    { class: 'settings' },
    filters,
    range,
    order.row,
    limit.row,
    key.row,
    token.row,
    h('p', {}, h('button', { type: 'submit' }, 'Search')),
  );
  const summary = h('p', { role: 'status', class: 'status' });
  const results = h('div');
  const more = h('button', { type: 'button', hidden: true }, 'Next page');
  replace(main, heading('Search'), form, summary, results, h('p', {}, more));

  preset.control.addEventListener('change', () => {
    const hours = Number(preset.control.value);
    if (hours === 0) {
      since.control.value = '';
      until.control.value = '';
    } else {
      since.control.value = localValue(new Date(Date.now() - hours * 3600_000));
      until.control.value = '';
    }
  });

  let cursor: string | null = null;

  const run = async (next: string | null): Promise<void> => {
    setTrustedKey(key.control.value);
    setReaderToken(token.control.value);
    more.hidden = true;
    try {
      const query: Record<string, string | undefined> = {
        actor: actor.control.value.trim(),
        action: action.control.value.trim(),
        target: target.control.value.trim(),
        submitter: submitter.control.value.trim(),
        since: instant(since.control),
        until: instant(until.control),
        order: order.control.value === 'asc' ? 'asc' : undefined,
        limit: limit.control.value,
        cursor: next ?? undefined,
      };
      summary.textContent = 'Searching…';
      const answer = await getJson<EventsAnswer>('v1/events', query, signal);
      show(answer, key.control.value.trim());
      cursor = answer.next;
      more.hidden = cursor === null;
    } catch (err) {
      if (signal.aborted) return;
      summary.textContent = `Search failed: ${reason(err)}`;
      replace(results);
    }
  };

  const show = (answer: EventsAnswer, keyText: string): void => {
    let checkpointProblem: string | undefined;
    let cp: ReturnType<typeof verifyCheckpoint> | undefined;
    if (keyText === '') checkpointProblem = 'no trusted verifier key entered';
    else {
      try {
        cp = verifyCheckpoint(answer.checkpoint, keyText);
      } catch (err) {
        checkpointProblem = `the answer’s checkpoint: ${reason(err)}`;
      }
    }
    let good = 0;
    const rows = answer.events.map((r, i) => {
      let verdict: HTMLElement;
      let index = typeof r?.index === 'number' ? r.index : NaN;
      let cells: (string | HTMLElement)[] = ['', '', '', '', ''];
      try {
        if (checkpointProblem !== undefined) throw new Error(checkpointProblem);
        const v = verifyReceipt(r, keyText);
        if (cp === undefined || v.treeSize !== cp.treeSize || !equalBytes(v.checkpoint.rootHash, cp.rootHash)) {
          throw new Error('the receipt is not proved against the answer’s checkpoint');
        }
        index = v.index;
        const ev = viewPayload(v.payload);
        cells = [formatTimestamp(v.entry.timestamp), v.entry.submitter, ev.action ?? '', ev.actor ?? '', ev.target ?? ''];
        verdict = mark(true);
        good++;
      } catch (err) {
        verdict = mark(false, reason(err));
      }
      return h(
        'tr',
        { 'data-index': String(index) },
        h('th', { scope: 'row' }, Number.isNaN(index) ? `#${i + 1}` : String(index)),
        ...cells.map((c) => h('td', {}, c)),
        h('td', {}, verdict),
      );
    });
    summary.textContent = `${answer.events.length} result(s); ${good} verified in your browser, ${answer.events.length - good} not verified.`;
    const head = h(
      'thead',
      {},
      h('tr', {}, ...['Index', 'Timestamp', 'Submitter', 'Action', 'Actor', 'Target', 'Verified'].map((t) => h('th', { scope: 'col' }, t))),
    );
    replace(results, answer.events.length === 0 ? h('p', {}, 'No event matches.') : h('table', {}, h('caption', {}, 'Results'), head, h('tbody', {}, ...rows)));
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run(null);
  });
  more.addEventListener('click', () => void run(cursor));
}
