/**
 * The Entries page: the latest entries, paged by index, with their timestamp, submitter and
 * content type (decoded in the browser from the leaf bytes, whose hash is checked against the
 * answer's leafHash), and the audit event's action and actor when the payload is shown. With a
 * reader token (or on a log with public payloads) the payloads are shown, JSON pretty-printed,
 * after checking that they open the entry's commitment.
 */
import type { EntryListJson, EntrySummaryJson, LogInfoJson } from '../../../client/index.js';
import { decodeBase64, decodeLogEntry, encodeBase64, formatTimestamp, verifyCommitment } from '../../../proofs/index.js';
import { hashLeaf } from '../../../merkle/index.js';
import { getJson } from '../api.js';
import { field, h, heading, replace } from '../dom.js';
import { viewPayload } from '../event-view.js';
import { setReaderToken } from '../session.js';
import { readerTokenField } from '../settings.js';
import { mark, reason } from '../verdict.js';

/** Entries per page. */
const PAGE = 20;

/** Renders the Entries page into `main`. */
export function renderEntries(main: HTMLElement, signal: AbortSignal): void {
  const token = readerTokenField();
  const endInput = h('input', { type: 'number', min: '0', step: '1', name: 'end', inputmode: 'numeric' });
  const end = field('Show entries before index', endInput, 'Empty for the latest entries.');
  const form = h('form', { class: 'settings' }, token.row, end.row, h('p', {}, h('button', { type: 'submit' }, 'Show entries')));
  const older = h('button', { type: 'button' }, '← Older');
  const newer = h('button', { type: 'button' }, 'Newer →');
  const result = h('div', { 'aria-live': 'polite' });
  replace(main, heading('Entries'), form, h('p', { class: 'pager' }, older, ' ', newer), result);

  let shownStart = 0;
  let shownEnd = 0;
  let size = 0;

  const show = async (wantedEnd: number | undefined): Promise<void> => {
    try {
      const info = await getJson<LogInfoJson>('v1/log', undefined, signal);
      size = info.treeSize;
      const stop = Math.min(size, wantedEnd ?? size);
      const start = Math.max(0, stop - PAGE);
      if (stop <= start) {
        replace(result, h('p', {}, size === 0 ? 'The log is empty.' : 'No entries there.'));
        return;
      }
      const list = await getJson<EntryListJson>('v1/entries', { start, end: stop }, signal);
      shownStart = list.start;
      shownEnd = list.end;
      endInput.value = String(list.end);
      replace(result, h('p', {}, `Entries ${list.start} to ${list.end - 1} of ${size}, newest first.`), table([...list.entries].reverse()));
    } catch (err) {
      if (!signal.aborted) replace(result, mark(false, reason(err)));
    }
    older.disabled = shownStart <= 0;
    newer.disabled = shownEnd >= size;
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setReaderToken(token.control.value);
    void show(endInput.value === '' ? undefined : Number(endInput.value));
  });
  older.addEventListener('click', () => void show(shownStart));
  newer.addEventListener('click', () => void show(shownEnd + PAGE));
  void show(undefined);
}

function table(entries: readonly EntrySummaryJson[]): HTMLTableElement {
  const head = h(
    'thead',
    {},
    h('tr', {}, ...['Index', 'Timestamp', 'Submitter', 'Content type', 'Action', 'Actor', 'Payload'].map((t) => h('th', { scope: 'col' }, t))),
  );
  return h('table', {}, h('caption', {}, 'Entries'), head, h('tbody', {}, ...entries.map(row)));
}

function row(e: EntrySummaryJson): HTMLTableRowElement {
  try {
    const leaf = decodeBase64(e.entry);
    if (encodeBase64(hashLeaf(leaf)) !== e.leafHash) throw new Error('the leaf bytes do not hash to the leafHash the server sent');
    const d = decodeLogEntry(leaf);
    let action = '';
    let actor = '';
    let payloadCell: HTMLElement | string = 'hidden (enter a reader token)';
    if (e.payloadAvailable && e.payload !== undefined && e.nonce !== undefined) {
      const payload = decodeBase64(e.payload);
      try {
        verifyCommitment(d.commitment, decodeBase64(e.nonce), payload);
        const v = viewPayload(payload);
        action = v.action ?? '';
        actor = v.actor ?? '';
        payloadCell = h('div', {}, mark(true, 'opens the commitment'), h('pre', {}, v.text));
      } catch (err) {
        payloadCell = mark(false, reason(err));
      }
    }
    return h(
      'tr',
      { 'data-index': String(e.index) },
      h('th', { scope: 'row' }, String(e.index)),
      h('td', {}, h('time', { datetime: formatTimestamp(d.timestamp) }, formatTimestamp(d.timestamp))),
      h('td', {}, d.submitter),
      h('td', {}, d.contentType),
      h('td', {}, action),
      h('td', {}, actor),
      h('td', {}, payloadCell),
    );
  } catch (err) {
    return h('tr', { 'data-index': String(e.index) }, h('th', { scope: 'row' }, String(e.index)), h('td', { colspan: '6' }, mark(false, reason(err))));
  }
}
