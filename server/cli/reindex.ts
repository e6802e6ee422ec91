/**
 * `cairn reindex --data DIR` (issue 13 part 2): rebuilds the search index of the log in DIR
 * from its entries (`<DIR>/index/`, cleared first). Run it with the server stopped: while a
 * server holds the folder it refuses, and says so. Progress on stderr when it is a terminal.
 */
import { existsSync } from 'node:fs';
import { CairnLog } from '../cairn-log.js';
import { dataPaths } from '../data-folder.js';
import { LevelIndexStore, indexDir, logSource, reindex } from '../index/index.js';
import { StoreError } from '../store/store.js';
import { EXIT_FAILURE, EXIT_OK, defineCommand, requireOption } from './command.js';

/** The `cairn reindex` command. */
export const reindexCommand = defineCommand({
  name: 'reindex',
  summary: "rebuild the search index from the log's entries (stop the server first)",
  usage: 'reindex --data DIR',
  options: {
    data: { type: 'string', help: 'the data folder of the log', env: 'CAIRN_DATA', placeholder: 'DIR' },
  },
  async run(options, _positionals, io) {
    const dataDir = requireOption(reindexCommand, options, 'data');
    const fail = (message: string): number => {
      if (options.json) io.stdout(JSON.stringify({ error: message }) + '\n');
      io.stderr(`cairn reindex: ${message}\n`);
      return EXIT_FAILURE;
    };
    if (!existsSync(dataPaths(dataDir).leveldb)) return fail(`${dataDir} holds no log (no leveldb folder); give the --data folder of \`cairn serve\``);
    let log: CairnLog;
    try {
      log = await CairnLog.open({ dataDir });
    } catch (err) {
      if (err instanceof StoreError && err.code === 'STORE_LOCKED') {
        return fail(
          `the data folder ${dataDir} is in use by a running server (or another cairn command); stop it, run reindex, then start it again (it catches up on its own at start, so reindex is only needed for a damaged or replaced index)`,
        );
      }
      return fail(err instanceof Error ? err.message : String(err));
    }
    const started = performance.now();
    try {
      const store = await LevelIndexStore.open(indexDir(dataDir));
      try {
        const size = log.committedSize;
        const progress = process.stderr.isTTY === true;
        const count = await reindex(logSource(log), store, {
          onChunk: (r) => {
            if (progress) io.stderr(`\rcairn reindex: ${r.end}/${size} entries`);
          },
        });
        if (progress) io.stderr('\n');
        const seconds = (performance.now() - started) / 1000;
        if (options.json) io.stdout(JSON.stringify({ indexedSize: count, seconds }) + '\n');
        else io.stdout(`reindexed ${count} entries in ${seconds.toFixed(1)} s (${indexDir(dataDir)})\n`);
        return EXIT_OK;
      } finally {
        await store.close();
      }
    } catch (err) {
      return fail(`reindexing failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      await log.close();
    }
  },
});
