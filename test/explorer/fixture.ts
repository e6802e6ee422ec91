/**
 * The log the explorer's browser tests look at: a real `./bin/cairn serve` child on a fresh
 * folder and 127.0.0.1 port 0, a reader token made with `cairn token add`, and audit events
 * appended over HTTP (each append answers its receipt).
 */
import type { ReceiptJson } from '../../client/index.js';
import { TOKEN_PATTERN, runCairn, startServer, type LogLine, type ServerProcess } from '../helpers/cli.js';
import { TempDirs } from '../helpers/temp-dir.js';

/** A served log with its tokens. */
export interface ExplorerLog {
  server: ServerProcess;
  /** The `listening` line (its `explorer` member is the page's URL). */
  listening: LogLine;
  /** The page: the `explorer` URL of the listening line. */
  explorerUrl: string;
  writerToken: string;
  readerToken: string;
  /** The server's data folder (`cairn token add --data`). */
  dataDir: string;
  /** Appends an audit event by `actor` and answers its receipt. */
  append(actor: string, action: string, target: string): Promise<ReceiptJson>;
  stop(): Promise<void>;
}

/** Starts `cairn serve` on a fresh folder, with a reader token. */
export async function startExplorerLog(): Promise<ExplorerLog> {
  const temp = new TempDirs();
  const dir = await temp.make('cairn-explorer-');
  const server = await startServer(dir);
  try {
    const listening = await server.waitForLog((l) => l.event === 'listening');
    const writerToken = server.token;
    if (writerToken === undefined) throw new Error('cairn serve printed no writer token on its first start');
    const made = await runCairn(['token', 'add', '--data', dir, '--name', 'explorer-reader', '--role', 'reader']);
    const readerToken = TOKEN_PATTERN.exec(made.stdout + made.stderr)?.[0];
    if (made.code !== 0 || readerToken === undefined) throw new Error(`cairn token add failed: ${made.stderr}`);
    return {
      server,
      listening,
      explorerUrl: String(listening['explorer']),
      writerToken,
      readerToken,
      dataDir: dir,
      async append(actor, action, target) {
        const res = await fetch(`${server.url}/v1/entries`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${writerToken}`, 'Content-Type': 'application/vnd.cairn.event+json', Accept: 'application/json' },
          body: JSON.stringify({ actor, action, target, outcome: 'success' }),
        });
        if (!res.ok) throw new Error(`append answered ${res.status}: ${await res.text()}`);
        return (await res.json()) as ReceiptJson;
      },
      async stop() {
        await server.stop();
        await temp.cleanup();
      },
    };
  } catch (err) {
    await server.stop();
    await temp.cleanup();
    throw err;
  }
}
