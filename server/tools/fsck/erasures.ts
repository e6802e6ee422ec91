/**
 * fsck of erased payloads (issue 14): an entry without a payload is valid only when an erasure
 * record of the log (submitter `cairn`, application/vnd.cairn.erasure+json) lists it. The walk
 * through the entries (entries.ts) notes every entry whose payload is absent or erased, and
 * every erasure record it meets; records always follow the entries they erase, so at the end:
 *
 * - absent and covered by a record: erased, valid (counted);
 * - absent and not covered: PAYLOAD_MISSING (lost or removed without a record: tampering);
 * - covered but still present: ERASURE_UNFINISHED (a crash between the record and the erasure;
 *   the next `cairn serve` start finishes it).
 */
import type { LogEntry } from '../../../proofs/index.js';
import { ERASURE_CONTENT_TYPE, SYSTEM_SUBMITTER, parseErasureRecord } from '../../erasure/system-records.js';
import type { FsckFindings } from './report.js';

/** What the walk learns about erasures; see the file comment. */
export class ErasureCoverage {
  /** Entries walked without a payload (absent, or the store's erased marker). */
  readonly #absent = new Set<number>();
  /** Entries erasure records list, with the first record that lists each. */
  readonly #covered = new Map<number, number>();
  /** Entries without a payload that a record covers. */
  erased = 0;

  /** Notes that entry `index` has no payload. */
  noteAbsent(index: number): void {
    this.#absent.add(index);
  }

  /** Notes entry `index` with its payload: an erasure record lists what it erased. */
  noteEntry(index: number, entry: LogEntry, payload: Uint8Array, findings: FsckFindings): void {
    if (entry.submitter !== SYSTEM_SUBMITTER || entry.contentType !== ERASURE_CONTENT_TYPE) return;
    const record = parseErasureRecord(payload);
    if (record === undefined) {
      findings.add(
        'ERASURE_RECORD_MALFORMED',
        `entry ${index}`,
        `entry ${index} is an erasure record whose payload is not the JSON the server writes; the entries it meant to erase cannot be known`,
      );
      return;
    }
    for (const i of record.indexes) {
      if (i >= index) findings.add('ERASURE_RECORD_MALFORMED', `entry ${index}`, `erasure record ${index} lists entry ${i}, which is not before it`);
      else if (!this.#covered.has(i)) this.#covered.set(i, index);
    }
  }

  /** Reports what the walk found (call once, after it). */
  report(findings: FsckFindings): void {
    const missing: number[] = [];
    for (const i of [...this.#absent].sort((a, b) => a - b)) {
      if (this.#covered.has(i)) this.erased++;
      else missing.push(i);
    }
    // Runs of consecutive entries are one problem each.
    for (let k = 0; k < missing.length;) {
      let end = k;
      while (end + 1 < missing.length && missing[end + 1] === missing[end]! + 1) end++;
      const what = k === end ? `entry ${missing[k]}` : `entries ${missing[k]} to ${missing[end]}`;
      findings.add(
        'PAYLOAD_MISSING',
        what,
        `no payload is stored for ${what} and no erasure record covers ${k === end ? 'it' : 'them'}: ${k === end ? 'it was' : 'they were'} lost or removed without a record`,
      );
      k = end + 1;
    }
    for (const [i, record] of this.#covered) {
      if (!this.#absent.has(i)) {
        findings.add(
          'ERASURE_UNFINISHED',
          `entry ${i}`,
          `erasure record ${record} lists entry ${i}, but its payload is still stored: the erasure was interrupted; start \`cairn serve\` on this folder to finish it`,
        );
      }
    }
  }
}
