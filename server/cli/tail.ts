/**
 * `cairn tail --url U --token T [--after N] [filters] [--state FILE]` (issue 13 part 4): prints
 * the log's live stream (one receipt JSON per line, oldest first) and follows it, reconnecting
 * after a dropped connection with the last index it printed, so nothing is missed or repeated.
 *
 * With `--state FILE` it resumes where the last run stopped: the file holds the last printed
 * index, rewritten atomically after each piece of the stream is printed. On SIGINT/SIGTERM it
 * writes the state and exits 0. After a hard kill (SIGKILL) the lines printed since the last
 * state write are printed again on resume (at least once): their `index` tells them apart.
 */
import { readTextIfExists, writeFileAtomic } from '../tools/atomic-file.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, defineCommand } from './command.js';
import { CONNECTION_OPTIONS, FILTER_OPTIONS, LogRefusal, baseUrl, filterParams, refusalOf } from './event-options.js';

/** Reconnect delays: doubling from 0.5 s up to 30 s. */
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/** The `cairn tail` command. */
export const tailCommand = defineCommand({
  name: 'tail',
  summary: "print the log's events as they are appended (NDJSON receipts), resuming from a state file",
  usage: 'tail --url U --token T [--after N] [--actor ID] [--action A] [--target ID] [--submitter NAME] [--state FILE]',
  options: {
    ...CONNECTION_OPTIONS,
    after: { type: 'string', help: 'start after this entry index (default: the state file, else entry 0)', placeholder: 'N' },
    ...FILTER_OPTIONS,
    state: { type: 'string', help: 'a file that keeps the last printed index, to resume from', placeholder: 'FILE' },
  },
  async run(options, _positionals, io) {
    const { url, token } = baseUrl(options.url, options.token);
    let after = await startingPoint(options.after, options.state);
    const params = filterParams(options);
    const controller = new AbortController();
    let stopping = false;
    const stop = (): void => {
      stopping = true;
      controller.abort();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let saved = after;
    const save = async (): Promise<void> => {
      if (options.state === undefined || after === saved || after === undefined) return;
      await writeFileAtomic(options.state, JSON.stringify({ after }) + '\n');
      saved = after;
    };
    let delay = FIRST_RETRY_MS;
    try {
      while (!stopping) {
        const qs = new URLSearchParams({ ...params, ...(after === undefined ? {} : { after: String(after) }) });
        try {
          const res = await fetch(`${url}/v1/events/stream?${qs}`, {
            headers: { authorization: `Bearer ${token}`, accept: 'application/x-ndjson' },
            signal: controller.signal,
          });
          if (res.status !== 200) throw await refusalOf(res);
          delay = FIRST_RETRY_MS;
          let rest = '';
          const decoder = new TextDecoder();
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
            rest += decoder.decode(chunk, { stream: true });
            const lines = rest.split('\n');
            rest = lines.pop()!;
            let out = '';
            for (const line of lines) {
              if (line === '') continue; // heartbeat
              const index = (JSON.parse(line) as { index: number }).index;
              out += line + '\n';
              after = index;
            }
            if (out !== '') io.stdout(out);
            await save();
          }
        } catch (err) {
          if (stopping) break;
          // 4xx: the request itself is wrong (token, filter); retrying cannot help.
          if (err instanceof LogRefusal && err.status >= 400 && err.status < 500) {
            io.stderr(`cairn tail: ${err.message}\n`);
            return EXIT_FAILURE;
          }
          io.stderr(
            `cairn tail: the stream broke (${err instanceof Error ? err.message : String(err)}); reconnecting after ${after ?? 'the start'} in ${delay / 1000} s\n`,
          );
        }
        if (stopping) break;
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
        delay = Math.min(MAX_RETRY_MS, delay * 2);
      }
      await save();
      return EXIT_OK;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
});

/** --after, else the state file's index, else undefined (from entry 0). */
async function startingPoint(flag: string | undefined, stateFile: string | undefined): Promise<number | undefined> {
  if (flag !== undefined) {
    if (!/^(0|[1-9][0-9]{0,15})$/.test(flag)) throw new UsageError('--after must be an entry index (a decimal number)');
    return Number(flag);
  }
  if (stateFile === undefined) return undefined;
  const text = await readTextIfExists(stateFile);
  if (text === undefined) return undefined;
  let after: unknown;
  try {
    after = (JSON.parse(text) as { after?: unknown }).after;
  } catch {
    after = undefined;
  }
  if (typeof after !== 'number' || !Number.isSafeInteger(after) || after < 0) {
    throw new UsageError(`the state file ${stateFile} does not hold {"after": <index>}; fix or delete it`);
  }
  return after;
}
