/**
 * The README.md of an evidence bundle (issue 13 part 5): how an auditor verifies it, what it
 * proves, and what it does not.
 */
import type { BundleManifest } from '../../client/bundle/index.js';

/** The README text of a bundle described by `m`. */
export function bundleReadme(m: BundleManifest): string {
  const filters = Object.entries(m.query).map(([k, v]) => `${k}=${v}`);
  const range =
    m.events.first === null
      ? 'no entries'
      : `entries ${m.events.first.index} (${m.events.first.timestamp}) to ${m.events.last!.index} (${m.events.last!.timestamp})`;
  return `# Evidence bundle of ${m.origin}

Exported from ${m.source} at ${m.exportedAt}.
Query: ${filters.length === 0 ? '(everything)' : filters.join(', ')}.
${m.events.count} events: ${range}.${m.events.skipped.length > 0 ? ` ${m.events.skipped.length} matching entries could not be exported (their payload was erased): see manifest.json.` : ''}
All receipts are proved against the checkpoint of tree size ${m.checkpoint.treeSize}.

## Files

- \`events.ndjson\`: one receipt per line, exactly as the log returns it for an append: the entry,
  its payload and nonce, and a proof of inclusion in the signed checkpoint.
- \`checkpoint\`: that signed checkpoint (with witness cosignatures when the log has witnesses).
- \`verifier-key.txt\`: the log's verifier key as the exporter saw it. Do not trust it: verify
  with the key you got from the log's operator or publication.
${m.boundary !== null ? '- `boundary.ndjson`: receipts of the entries just before and just after the range.\n' : ''}${m.files['events.csv'] !== undefined ? '- `events.csv`: the same events as a spreadsheet (informative; the receipts are the evidence).\n' : ''}- \`manifest.json\`: the query, the counts, the exported index ranges, and the SHA-256 of every file.

## How to verify

With the Cairn command line:

    cairn verify-bundle --vkey '<the log's verifier key>' <this folder>

It exits 0 only if every file matches the manifest, the checkpoint is signed by the key, and every
receipt verifies against that checkpoint; otherwise it names each failure (a changed line, a
missing line, a changed checkpoint, a changed file).

In a browser or any JavaScript program, with the browser-safe library of the Cairn client:

    import { verifyBundleFiles } from 'cairn/client/bundle';
    const report = verifyBundleFiles({ 'manifest.json': bytes, 'events.ndjson': bytes, ... }, verifierKey);
    // report.ok, report.failures

## What this proves

- Each event in \`events.ndjson\` is in the log, at its index, with exactly these payload bytes,
  the submitter and the time the log recorded: the log's key signed a tree that contains it.
- All of them are in one and the same signed tree (tree size ${m.checkpoint.treeSize}); any later
  checkpoint of the log must be consistent with it, which a monitor or witness checks.
${
  m.boundary !== null
    ? `- The search had no filters, so it covers a contiguous range of indexes. The entries just outside
  the range are included with their receipts, and their timestamps are outside the requested
  time range: no entry inside the range was left out.
`
    : ''
}
## What this does not prove

${
  m.boundary !== null
    ? '- Anything outside the range of indexes it covers.'
    : `- That no matching event is missing. A filtered search answers from the log's index; the bundle
  proves every event in it, not that the log returned every event that matches. Beyond the range
  of indexes it covers (${m.events.first === null ? 'none' : `${m.events.first.index} to ${m.events.last!.index}`}) it says nothing at all.`
}
- That the events are true: the log proves what was written and when, not that the writer was honest.
- That this checkpoint is the one everybody else sees (no split view): compare it with a witness
  or a monitor of the log.
`;
}
