/**
 * Append throughput without HTTP, side by side with hypercore and the hardware (issue 5, items 2
 * and 3): for every event size and request size, the same events go through CairnLog, through
 * hypercore, through SHA-256 (two hashes per entry) and into a raw synced LevelDB batch of the
 * size Cairn's rounds had.
 */
import { runSection } from '../lib/child.mjs';
import { fmt, fmtMs, fmtRatio } from '../lib/stats.mjs';

const section = (name) => new URL(`../sections/${name}.mjs`, import.meta.url);
/** The product's round limit (DEFAULT_SEQUENCER_LIMITS.maxRoundEntries). */
const ROUND_ENTRIES = 4096;

/**
 * @param {import('../run.mjs').Context} ctx
 */
export async function appendSuite(ctx) {
  const { timing } = ctx;
  const eventSizes = ctx.quick ? [200] : [200, 2048];
  const requestSizes = [1, 100, 1000];
  ctx.report.section(
    'Append throughput without HTTP (CairnLog + Sequencer + LevelDB), beside hypercore and the hardware',
    `each figure in its own node process (cairn: node --max-semi-space-size=64, as ./bin/cairn runs the server). ` +
      `Cairn: CairnLog.open on a fresh data folder (real LevelDB, one synced batch per round, default limits: rounds of at most ${ROUND_ENTRIES} entries), ` +
      `CairnLog.append(requests of N events) with 2×${ROUND_ENTRIES}/N requests in flight (closed loop) so every round finds a full pool; ` +
      `after ${timing.warmupMs} ms of warm-up, entries/s = entries of the rounds completed in a ${timing.durationMs} ms window, first round end to last round end. ` +
      `hypercore ${ctx.versions.hypercore ?? '(missing)'}: core.append(array of N) one after another in a fresh folder; NOTE it returns before any fsync (RocksDB default write options), Cairn only after one. ` +
      `SHA-256: node:crypto hash() of (0x00 || event) and of one 65-byte interior node per entry, one core. ` +
      `LevelDB: the same events as synced batches (one fsync each) of Cairn's mean round size, one put per entry (key u64, value the event). ` +
      `Events: pseudo-random bytes (seeded AES-CTR), the same bytes in every process.`,
  );
  const rows = [];
  const results = [];
  for (const eventBytes of eventSizes) {
    const sha = await runSection(section('hardware'), { kind: 'sha256', eventBytes, warmupMs: 200, durationMs: timing.hardwareMs });
    for (const requestEvents of requestSizes) {
      const concurrency = Math.max(2, Math.ceil((2 * ROUND_ENTRIES) / requestEvents));
      const cairn = await runSection(
        section('append-cairn'),
        { eventBytes, requestEvents, concurrency, warmupMs: timing.warmupMs, durationMs: timing.durationMs },
        { nodeArgs: ['--max-semi-space-size=64'] },
      );
      const hyper = await runSection(section('append-hypercore'), { eventBytes, requestEvents, warmupMs: timing.warmupMs, durationMs: timing.durationMs });
      const batchEntries = Math.max(1, Math.round(cairn.meanRoundEntries || requestEvents));
      const ldb = await runSection(section('hardware'), { kind: 'leveldb', eventBytes, batchEntries, warmupMs: 200, durationMs: timing.hardwareMs });
      const r = {
        eventBytes,
        requestEvents,
        cairn,
        hypercore: hyper,
        sha256: sha,
        leveldb: ldb,
        ratios: {
          cairnToHypercore: hyper.skipped ? undefined : cairn.entriesPerSec / hyper.entriesPerSec,
          cairnToSha256: cairn.entriesPerSec / sha.entriesPerSec,
          cairnToLeveldb: cairn.entriesPerSec / ldb.entriesPerSec,
        },
      };
      results.push(r);
      rows.push([
        `${eventBytes} B × ${requestEvents}/req`,
        fmt(cairn.entriesPerSec),
        `${fmt(cairn.meanRoundEntries)} / ${fmtMs(cairn.meanRoundMs)} / ${fmtMs(cairn.meanCommitMs)}`,
        hyper.skipped ? 'n/a' : fmt(hyper.entriesPerSec),
        fmtRatio(r.ratios.cairnToHypercore),
        fmt(sha.entriesPerSec),
        fmtRatio(r.ratios.cairnToSha256),
        `${fmt(ldb.entriesPerSec)} (${fmt(batchEntries)}/batch)`,
        fmtRatio(r.ratios.cairnToLeveldb),
      ]);
      if (cairn.errors > 0) throw new Error(`Cairn appends failed ${cairn.errors} times (${eventBytes} B × ${requestEvents})`);
    }
  }
  ctx.report.table(
    [
      'events × request',
      'Cairn entries/s',
      'round: entries / ms / commit ms',
      'hypercore entries/s',
      'Cairn/hypercore',
      'SHA-256 entries/s',
      'Cairn/SHA',
      'LevelDB synced entries/s',
      'Cairn/LevelDB',
    ],
    rows,
  );
  return results;
}
