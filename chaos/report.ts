/**
 * The end of a chaos run: the figures the issue asks for (kills, acknowledged, lost, forks),
 * the other counts that say how hard the run pushed, every failed check, and the verdict.
 */
import type { ChaosResult } from './run.js';
import type { ChaosOptions } from './options.js';

/** The verdict: true when nothing was lost, nothing forked, every check passed, fsck clean. */
export function passed(result: ChaosResult, options: ChaosOptions): boolean {
  return result.ledger.failures.length === 0 && result.kills === options.kills && result.fsck?.clean === true;
}

/** The closing report, as lines. */
export function formatReport(result: ChaosResult, options: ChaosOptions): string[] {
  const { ledger } = result;
  const states = { acked: 0, refused: 0, unanswered: 0, failed: 0, pending: 0 };
  let retried = 0;
  let batches = 0;
  let keyed = 0;
  for (const r of ledger.requests) {
    states[r.state]++;
    if (r.retriedAfterNoAnswer) retried++;
    if (r.request.entries.length > 1) batches++;
    if (r.request.keyed) keyed++;
  }
  const unansweredEntries = ledger.requests.filter((r) => r.state === 'unanswered').reduce((n, r) => n + r.request.entries.length, 0);
  const last = result.cycles.at(-1)?.check;
  const a = ledger.admin;
  const lines = [
    '',
    `chaos (${options.mode}, seed ${options.seed}, ${options.writers} writers): ${result.kills} kills in ${(result.ms / 1000).toFixed(1)} s`,
    `  kills          ${result.kills}`,
    `  acknowledged   ${ledger.acks.length} entries (${states.acked} requests: ${batches} batches, ${keyed} with idempotency keys)`,
    `  lost           ${ledger.lost.size}`,
    `  forks          ${ledger.forks.size}`,
    `  retried        ${retried} requests got no answer and were sent again with their keys until acknowledged; ${last?.retriedChecked ?? 0} found as exactly one entry per event at the end`,
    `  refused        ${states.refused} unkeyed requests answered 503 (none of them in the log)`,
    `  unanswered     ${states.unanswered} unkeyed requests (${unansweredEntries} entries) got no answer; ${last?.unansweredInLog ?? 0} of those entries are in the log, once each`,
    `  erasures       ${a.counts.erasures} by index and ${a.counts.filterErasures} by filter acknowledged (${a.erased.size} payloads), ${last?.erasedCovered ?? 0} absent payloads covered by a record at the end`,
    `  holds          ${a.counts.holds} placed, ${a.counts.refusedHeld} erasures of a held entry refused (409, payload kept), ${a.counts.releases} released; ${a.cutOff} admin requests cut off by a kill`,
    `  checkpoints    ${ledger.checkpoints.size} distinct sizes served (${ledger.checkpointPolls} polls), each checked against the log after every later restart`,
    `  log            ${result.treeSize} entries at the end, all read back after every restart`,
    `  fsck           ${result.fsck === undefined ? 'not run' : result.fsck.clean ? 'clean' : 'NOT CLEAN'}`,
  ];
  if (ledger.failures.length > 0) {
    lines.push('', `${ledger.failures.length} failed checks:`);
    for (const f of ledger.failures.slice(0, 50)) lines.push(`  - ${f}`);
    if (ledger.failures.length > 50) lines.push(`  ... and ${ledger.failures.length - 50} more`);
  }
  lines.push(
    '',
    `chaos: kills=${result.kills} acknowledged=${ledger.acks.length} lost=${ledger.lost.size} forks=${ledger.forks.size} failures=${ledger.failures.length} duration_s=${(result.ms / 1000).toFixed(1)}`,
    passed(result, options) ? 'PASS' : `FAIL (data folder kept: ${result.dataDir})`,
  );
  return lines;
}
