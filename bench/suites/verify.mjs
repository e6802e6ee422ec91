/** Receipt verification per second in the client (issue 5, item 2). */
import { runSection } from '../lib/child.mjs';
import { fmt } from '../lib/stats.mjs';

/**
 * @param {import('../run.mjs').Context} ctx
 * @param {{receiptsFile: string, verifierKey: string}} from receipts the HTTP suite received
 */
export async function verifySuite(ctx, from) {
  ctx.report.section(
    'Receipt verification in the client',
    `verifyReceipt of the browser-safe client (dist/client, noble SHA-256 and Ed25519, no node:crypto) in its own process, on the receipts ` +
      `the HTTP rows received (single and batch appends; each passed as the JSON text the client got, so parsing counts); first every receipt ` +
      `once (all must verify; timed: the first pass, each distinct checkpoint signature checked once), then as many as fit in ${ctx.timing.verifyMs} ms on one core ` +
      `(repeated: the client memoizes successful signature checks by every byte of key, signature and message, so these are memo hits); beside it verifyCheckpoint alone.`,
  );
  const r = await runSection(new URL('../sections/verify-receipts.mjs', import.meta.url), {
    receiptsFile: from.receiptsFile,
    verifierKey: from.verifierKey,
    durationMs: ctx.timing.verifyMs,
  });
  ctx.report.table(
    ['check', 'per second (one core)'],
    [
      [`verifyReceipt, first pass (${r.receipts} distinct receipts under ${r.distinctCheckpoints} distinct checkpoints, all valid)`, fmt(r.firstPassPerSec)],
      ['verifyReceipt, repeated (signature memoized)', fmt(r.receiptsPerSec)],
      ['verifyCheckpoint, repeated (signature memoized)', fmt(r.checkpointsPerSec)],
    ],
  );
  return r;
}
