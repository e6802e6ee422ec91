/**
 * The Verify page: a receipt (pasted, or a dropped receipt file, or an evidence bundle's
 * events.ndjson with its checkpoint file) is verified in the browser with verifyReceipt against
 * the verifier key the user enters, and nothing else. The verdict goes in a role="status"
 * element starting with "Verified" or "Not verified" and the reason; below it, what was proven.
 * The receipt of an erased entry (issue 14; SPEC §4.4) verifies too, with "payload erased by
 * entry K": it proves the leaf, not the payload, and K is the log's claim (its receipt can be
 * verified here as well: an erasure record of submitter `cairn` listing the entry).
 */
import { verifyCheckpoint, verifyReceipt, type VerifiedErasedReceipt, type VerifiedReceipt } from '../../../client/index.js';
import { equalBytes } from '../../../merkle/index.js';
import { formatTimestamp } from '../../../proofs/index.js';
import { facts, field, h, heading, replace } from '../dom.js';
import { viewPayload } from '../event-view.js';
import { parseReceiptText, type ReceiptInput } from '../receipt-input.js';
import { setTrustedKey } from '../session.js';
import { verifierKeyField } from '../settings.js';
import { reason, showVerdict, statusRegion } from '../verdict.js';

/** At most this many verified receipts are shown in full. */
const SHOWN = 50;

/** Renders the Verify page into `main`. */
export function renderVerify(main: HTMLElement): void {
  const receiptBox = h('textarea', { rows: '10', name: 'receipt', spellcheck: 'false', class: 'wide mono' });
  const receipt = field(
    'Receipt',
    receiptBox,
    'Paste a receipt (the JSON `cairn append` prints), or drop a receipt file, or an evidence bundle’s events.ndjson and checkpoint.',
  );
  const files = h('input', { type: 'file', multiple: true, name: 'files' });
  const fileRow = field('Receipt or bundle files', files, 'A receipt (.json or protobuf), or events.ndjson together with the bundle’s checkpoint file.');
  const cpBox = h('textarea', { rows: '4', name: 'checkpoint', spellcheck: 'false', class: 'wide mono' });
  const cp = field('Bundle checkpoint', cpBox, 'Optional: the signed checkpoint every receipt must be proved against (an evidence bundle’s checkpoint file).');
  const key = verifierKeyField();
  const status = statusRegion();
  const details = h('section', { 'aria-label': 'What was proven' });
  const form = h('form', {}, receipt.row, fileRow.row, cp.row, key.row, h('p', {}, h('button', { type: 'submit' }, 'Verify')));
  replace(main, heading('Verify a receipt'), form, status, details);

  // A dropped protobuf receipt has no text form: keep its bytes until the text changes.
  let binary: Uint8Array | undefined;
  receiptBox.addEventListener('input', () => (binary = undefined));

  const load = async (list: FileList | null): Promise<void> => {
    if (list === null) return;
    for (const file of Array.from(list)) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (file.name === 'checkpoint' || file.name.endsWith('.checkpoint')) {
        cpBox.value = new TextDecoder().decode(bytes);
      } else if (bytes[0] === 0x7b || file.name.endsWith('.json') || file.name.endsWith('.ndjson')) {
        receiptBox.value = new TextDecoder().decode(bytes);
        binary = undefined;
      } else {
        receiptBox.value = `(protobuf receipt from ${file.name}, ${bytes.length} bytes)`;
        binary = bytes;
      }
    }
  };
  files.addEventListener('change', () => void load(files.files));
  receiptBox.addEventListener('dragover', (e) => e.preventDefault());
  receiptBox.addEventListener('drop', (e) => {
    e.preventDefault();
    void load(e.dataTransfer?.files ?? null);
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setTrustedKey(key.control.value);
    replace(details);
    const keyText = key.control.value.trim();
    if (keyText === '') {
      showVerdict(status, false, 'enter the verifier key you trust; the explorer verifies against it and nothing else');
      return;
    }
    let input: ReceiptInput;
    try {
      input = binary !== undefined ? { items: [{ receipt: binary, where: 'the receipt' }] } : parseReceiptText(receiptBox.value);
      if (cpBox.value.trim() !== '') input.checkpoint = cpBox.value.trim() + '\n';
    } catch (err) {
      showVerdict(status, false, reason(err));
      return;
    }
    const verdict = check(input, keyText);
    if (!verdict.ok) {
      showVerdict(status, false, verdict.reason);
      return;
    }
    const n = verdict.receipts.length;
    const first = verdict.receipts[0];
    const erased = verdict.receipts.filter((v) => v.erased !== undefined).length;
    showVerdict(
      status,
      true,
      n === 1 && first !== undefined
        ? `entry ${first.index} is in the log ${first.checkpoint.origin}, in its tree of ${first.treeSize} entries signed by the key you entered` +
            (first.erased !== undefined ? `; payload erased by entry ${first.erased.record}.` : '.')
        : `all ${n} receipts are in the log${first ? ` ${first.checkpoint.origin}` : ''}, signed by the key you entered` +
            (erased > 0 ? `; ${erased} of them with the payload erased.` : '.'),
    );
    replace(details, h('h2', {}, 'What was proven'), ...verdict.receipts.slice(0, SHOWN).map(proven), n > SHOWN ? h('p', {}, `…and ${n - SHOWN} more.`) : null);
  });
}

type Proven = VerifiedReceipt | VerifiedErasedReceipt;

type Verdict = { ok: true; receipts: Proven[] } | { ok: false; reason: string };

function check(input: ReceiptInput, keyText: string): Verdict {
  let bundle: ReturnType<typeof verifyCheckpoint> | undefined;
  if (input.checkpoint !== undefined) {
    try {
      bundle = verifyCheckpoint(input.checkpoint, keyText);
    } catch (err) {
      return { ok: false, reason: `the checkpoint: ${reason(err)}` };
    }
  }
  const receipts: Proven[] = [];
  for (const item of input.items) {
    try {
      const v = verifyReceipt(item.receipt, keyText, { allowErased: true });
      if (bundle !== undefined && (v.treeSize !== bundle.treeSize || !equalBytes(v.checkpoint.rootHash, bundle.rootHash))) {
        throw new Error(`it is proved against the tree of ${v.treeSize}, not the checkpoint given (tree of ${bundle.treeSize})`);
      }
      receipts.push(v);
    } catch (err) {
      return { ok: false, reason: input.items.length === 1 ? reason(err) : `${item.where}: ${reason(err)}` };
    }
  }
  if (receipts.length === 0) return { ok: false, reason: 'there is no receipt in the input' };
  return { ok: true, receipts };
}

function proven(v: Proven): HTMLElement {
  const event: HTMLElement =
    v.erased === undefined
      ? h('pre', {}, viewPayload(v.payload).text)
      : h(
          'p',
          { class: 'erased' },
          `payload erased by entry ${v.erased.record}. The receipt proves the entry, not its payload; entry ${v.erased.record} is the log’s claim: verify its receipt too.`,
        );
  return h(
    'article',
    { class: 'proven', 'data-index': String(v.index) },
    h('h3', {}, `Entry ${v.index}`),
    facts([
      ['Index', String(v.index)],
      ['Time', formatTimestamp(v.entry.timestamp)],
      ['Submitter', v.entry.submitter],
      ['Content type', v.entry.contentType],
      ['Tree size', String(v.treeSize)],
      ['Event', event],
    ]),
  );
}
