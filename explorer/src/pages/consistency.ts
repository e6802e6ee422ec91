/**
 * The Consistency page: the user picks two tree sizes; the browser fetches the two signed
 * checkpoints and the consistency proof between them, verifies both signatures with the trusted
 * key and the proof (RFC 9162 §2.1.4), i.e. that the newer tree extends the older one unchanged.
 */
import type { ConsistencyProofJson, LogInfoJson, SignedCheckpointJson } from '../../../client/index.js';
import { decodeBase64, encodeBase64, verifyCheckpoint, verifyConsistency } from '../../../proofs/index.js';
import { getJson } from '../api.js';
import { facts, field, h, heading, replace } from '../dom.js';
import { setTrustedKey } from '../session.js';
import { verifierKeyField } from '../settings.js';
import { reason, showVerdict, statusRegion } from '../verdict.js';

/** Renders the Consistency page into `main`. */
export function renderConsistency(main: HTMLElement, signal: AbortSignal): void {
  const num = (name: string): HTMLInputElement => h('input', { type: 'number', min: '0', step: '1', name, inputmode: 'numeric', required: true });
  const from = field('Older tree size', num('from'));
  const to = field('Newer tree size', num('to'), 'Both sizes must be ones the log signed a checkpoint at (a receipt’s treeSize, or the latest).');
  const key = verifierKeyField();
  const status = statusRegion();
  const details = h('section', { 'aria-label': 'The checkpoints' });
  const form = h('form', {}, from.row, to.row, key.row, h('p', {}, h('button', { type: 'submit' }, 'Check consistency')));
  replace(main, heading('Consistency'), form, status, details);

  void getJson<LogInfoJson>('v1/log', undefined, signal)
    .then((info) => {
      if (to.control.value === '') to.control.value = String(info.treeSize);
      if (from.control.value === '') from.control.value = String(Math.min(1, info.treeSize));
    })
    .catch(() => undefined);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setTrustedKey(key.control.value);
    void check();
  });

  const check = async (): Promise<void> => {
    replace(details);
    const keyText = key.control.value.trim();
    if (keyText === '') {
      showVerdict(status, false, 'enter the verifier key you trust');
      return;
    }
    const size1 = Number(from.control.value);
    const size2 = Number(to.control.value);
    try {
      if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size2 < 0) throw new Error('tree sizes are whole numbers of 0 or more');
      if (size1 > size2) throw new Error(`the older size ${size1} is larger than the newer ${size2}`);
      const [a, b, proof] = await Promise.all([
        getJson<SignedCheckpointJson>(`v1/checkpoints/${size1}`, undefined, signal),
        getJson<SignedCheckpointJson>(`v1/checkpoints/${size2}`, undefined, signal),
        getJson<ConsistencyProofJson>('v1/proof/consistency', { from: size1, to: size2 }, signal),
      ]);
      const c1 = verifyCheckpoint(a.checkpoint, keyText);
      const c2 = verifyCheckpoint(b.checkpoint, keyText);
      if (c1.treeSize !== size1 || c2.treeSize !== size2)
        throw new Error(`the server sent checkpoints of ${c1.treeSize} and ${c2.treeSize}, not of ${size1} and ${size2}`);
      verifyConsistency(
        size1,
        size2,
        c1.rootHash,
        c2.rootHash,
        proof.hashes.map((x) => decodeBase64(x)),
      );
      showVerdict(
        status,
        true,
        `the tree of ${size2} entries extends the tree of ${size1} entries: both checkpoints are signed by the key you entered and the consistency proof (${proof.hashes.length} hashes) holds.`,
      );
      replace(
        details,
        facts([
          [`Root at ${size1}`, h('code', {}, encodeBase64(c1.rootHash))],
          [`Root at ${size2}`, h('code', {}, encodeBase64(c2.rootHash))],
        ]),
      );
    } catch (err) {
      if (!signal.aborted) showVerdict(status, false, reason(err));
    }
  };
}
