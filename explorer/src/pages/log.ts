/**
 * The Log page: who the log is (origin, the verifier key the server claims), its tree size, the
 * latest checkpoint with its signature verified against the key the user trusts and its
 * cosignatures (checked against a witness policy when one is given), and the clock status when
 * the log reports one. It follows the log live: it polls /checkpoint, and each new checkpoint
 * must be signed and consistent with the last one verified (RFC 9162 §2.1.4).
 */
import type { ConsistencyProofJson, LogInfoJson } from '../../../client/index.js';
import {
  decodeBase64,
  encodeBase64,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  verifyCheckpoint,
  verifyConsistency,
  type Checkpoint,
} from '../../../proofs/index.js';
import { getJson, getText } from '../api.js';
import { facts, field, h, heading, replace } from '../dom.js';
import { setTrustedKey, setWitnessPolicy, trustedKey, witnessPolicy } from '../session.js';
import { verifierKeyField } from '../settings.js';
import { mark, reason } from '../verdict.js';

/** GET /v1/log, with the members later issues add (clock status, index position) when present. */
type InfoWithExtras = LogInfoJson & { clock?: Record<string, unknown>; indexedSize?: number };

/** How often the page asks for the latest checkpoint. */
const POLL_MS = 1000;

/** Renders the Log page into `main`; stops polling when `signal` aborts. */
export function renderLog(main: HTMLElement, signal: AbortSignal): void {
  const treeSize = h('span', { 'data-testid': 'tree-size' }, '…');
  const sizeNote = h('span', { class: 'note' });
  const about = h('section', { 'aria-labelledby': 'about-h' }, h('h2', { id: 'about-h' }, 'The log'), h('p', {}, 'Loading…'));
  const checkpointBox = h('section', { 'aria-labelledby': 'cp-h' }, h('h2', { id: 'cp-h' }, 'Latest checkpoint'));
  const followBox = h('p', { class: 'note', 'aria-live': 'polite' });

  const key = verifierKeyField();
  const policyInput = h('textarea', { rows: '3', name: 'witnessPolicy', spellcheck: 'false', class: 'wide' });
  policyInput.value = witnessPolicy();
  const policy = field('Witness policy', policyInput, 'Optional C2SP tlog-policy (log, witness, group and quorum lines): cosignatures are checked against it.');
  const trustClaimed = h('button', { type: 'button' }, 'Trust the key the server claims');
  const form = h('form', { class: 'settings' }, key.row, policy.row, h('p', {}, h('button', { type: 'submit' }, 'Check again'), ' ', trustClaimed));

  replace(main, heading('Log'), h('p', { class: 'big' }, 'Tree size: ', treeSize, ' ', sizeNote), about, form, checkpointBox, followBox);

  let info: InfoWithExtras | undefined;
  let lastNote = '';
  let verified: Checkpoint | undefined;

  const showCheckpoint = (note: string): void => {
    lastNote = note;
    const k = trustedKey();
    let cp: Checkpoint;
    let sig: HTMLElement;
    let cosigs: HTMLElement;
    try {
      cp = parseCheckpoint(parseNote(note).text);
    } catch (err) {
      replace(checkpointBox, h('h2', { id: 'cp-h' }, 'Latest checkpoint'), mark(false, `the checkpoint cannot be read: ${reason(err)}`));
      return;
    }
    const lines = parseNote(note).signatures;
    let logKeyId: number | undefined;
    if (k === '') {
      sig = mark(false, 'enter the verifier key you trust above (the server’s claimed key is not proof)');
      cosigs = h('p', {}, `${lines.length} signature line(s), none checked.`);
    } else {
      try {
        const parsed = parseVerifierKey(k);
        logKeyId = parsed.keyId;
        const pol = witnessPolicy().trim();
        const checked = verifyCheckpoint(note, parsed, pol === '' ? {} : { policy: pol });
        sig = mark(true, `signed by ${parsed.name}`);
        const others = lines.filter((l) => !(l.name === parsed.name && l.keyId === logKeyId));
        if (checked.cosignatures !== undefined) {
          cosigs = h(
            'div',
            {},
            mark(true, `the witness policy’s quorum is met by ${checked.cosignatures.length} cosignature(s)`),
            h(
              'ul',
              {},
              ...checked.cosignatures.map((c) => h('li', {}, `✓ ${c.witness} (${c.name}) cosigned at ${new Date(c.timestamp * 1000).toISOString()}`)),
            ),
          );
        } else {
          cosigs = h(
            'p',
            {},
            others.length === 0
              ? 'No cosignatures.'
              : `${others.length} cosignature line(s) by ${others.map((o) => o.name).join(', ')}; enter a witness policy to check them.`,
          );
        }
        // Following: a new checkpoint must extend the last verified one.
        if (verified !== undefined && cp.treeSize !== verified.treeSize) void checkConsistency(verified, cp);
        verified = cp;
      } catch (err) {
        sig = mark(false, reason(err));
        cosigs = h('p', {}, `${lines.length} signature line(s).`);
      }
    }
    treeSize.textContent = String(cp.treeSize);
    sizeNote.textContent = k === '' ? '(not verified: no trusted key)' : '';
    replace(
      checkpointBox,
      h('h2', { id: 'cp-h' }, 'Latest checkpoint'),
      facts([
        ['Signature', sig],
        ['Tree size', String(cp.treeSize)],
        ['Root hash', h('code', {}, encodeBase64(cp.rootHash))],
        ['Cosignatures', cosigs],
      ]),
      h('details', {}, h('summary', {}, 'The signed note'), h('pre', {}, note)),
    );
  };

  const checkConsistency = async (from: Checkpoint, to: Checkpoint): Promise<void> => {
    try {
      if (to.treeSize < from.treeSize) throw new Error(`the log shrank from ${from.treeSize} to ${to.treeSize} entries`);
      const proof = await getJson<ConsistencyProofJson>('v1/proof/consistency', { from: from.treeSize, to: to.treeSize }, signal);
      verifyConsistency(
        from.treeSize,
        to.treeSize,
        from.rootHash,
        to.rootHash,
        proof.hashes.map((x) => decodeBase64(x)),
      );
      replace(followBox, mark(true, `the tree of ${to.treeSize} extends the tree of ${from.treeSize} (consistency proof checked)`));
    } catch (err) {
      if (signal.aborted) return;
      replace(followBox, mark(false, `the log did not prove that ${to.treeSize} extends ${from.treeSize}: ${reason(err)}`));
    }
  };

  const showInfo = (i: InfoWithExtras): void => {
    const clock = i.clock;
    replace(
      about,
      h('h2', { id: 'about-h' }, 'The log'),
      facts([
        ['Origin', h('code', {}, i.origin)],
        ['Verifier key (as the server claims)', h('code', { class: 'break' }, i.verifierKey)],
        ...(i.indexedSize !== undefined ? ([['Indexed up to', String(i.indexedSize)]] as [string, string][]) : []),
        ...(clock !== undefined && clock !== null && typeof clock === 'object'
          ? ([['Clock (as the server reports it)', clockText(clock)]] as [string, string][])
          : []),
      ]),
    );
  };

  const load = async (): Promise<void> => {
    try {
      info = await getJson<InfoWithExtras>('v1/log', undefined, signal);
      showInfo(info);
      showCheckpoint(info.checkpoint);
    } catch (err) {
      if (signal.aborted) return;
      replace(about, h('h2', { id: 'about-h' }, 'The log'), mark(false, reason(err)));
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setTrustedKey(key.control.value);
    setWitnessPolicy(policyInput.value);
    verified = undefined;
    if (lastNote !== '') showCheckpoint(lastNote);
  });
  policyInput.addEventListener('change', () => setWitnessPolicy(policyInput.value));
  trustClaimed.addEventListener('click', () => {
    if (info === undefined) return;
    key.control.value = info.verifierKey;
    setTrustedKey(info.verifierKey);
    verified = undefined;
    showCheckpoint(lastNote);
  });

  void load();
  const poll = async (): Promise<void> => {
    if (signal.aborted) return;
    try {
      const note = await getText('checkpoint', signal);
      if (note !== lastNote) showCheckpoint(note);
    } catch (err) {
      if (!signal.aborted) replace(followBox, mark(false, `cannot follow the log: ${reason(err)}`));
    }
    if (!signal.aborted) timer = setTimeout(() => void poll(), POLL_MS);
  };
  let timer = setTimeout(() => void poll(), POLL_MS);
  signal.addEventListener('abort', () => clearTimeout(timer));
}

/** The clock status of /v1/log in words: the status, the reason, the offset when measured. */
function clockText(clock: Record<string, unknown>): string {
  const parts = [String(clock['status'] ?? 'unknown')];
  if (typeof clock['offsetMs'] === 'number') parts.push(`offset ${clock['offsetMs']} ms`);
  if (typeof clock['reason'] === 'string' && clock['reason'] !== '') parts.push(clock['reason']);
  return parts.join(' — ');
}
