/**
 * One admin request of `cairn erase` and `cairn hold` (issue 14): JSON in, JSON out, the admin
 * token as a bearer token. A refusal (an RFC 9457 problem) is printed as its detail on stderr
 * and the command exits 1; a network failure likewise. Admin requests are not retried: each
 * appends a record to the log, and the answer says what happened.
 */
import { EXIT_FAILURE, EXIT_OK, UsageError, type CommandIo } from './command.js';

/** The --url and --token options every admin command takes. */
export const ADMIN_OPTIONS = {
  url: { type: 'string', help: "the log's URL, e.g. http://127.0.0.1:8080", env: 'CAIRN_URL', placeholder: 'U' },
  token: { type: 'string', help: 'an admin token (cairn token add --role admin)', env: 'CAIRN_TOKEN', placeholder: 'T' },
} as const;

/** Sends one admin request; prints the answer (JSON or `human`) and returns the exit code. */
export async function adminRequest(
  command: string,
  options: { url: string | undefined; token: string | undefined; json: boolean },
  io: CommandIo,
  request: { method: string; path: string; body?: unknown },
  human: (answer: Record<string, unknown>) => string,
): Promise<number> {
  if (options.url === undefined || options.url === '') throw new UsageError('--url is required (or set CAIRN_URL)');
  if (options.token === undefined || options.token === '') throw new UsageError('--token is required (or set CAIRN_TOKEN)');
  let res: Response;
  try {
    res = await fetch(new URL(request.path.replace(/^\//, ''), options.url.endsWith('/') ? options.url : `${options.url}/`), {
      method: request.method,
      headers: {
        authorization: `Bearer ${options.token}`,
        accept: 'application/json',
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    });
  } catch (err) {
    io.stderr(`cairn ${command}: cannot reach ${options.url}: ${(err as Error).message}\n`);
    return EXIT_FAILURE;
  }
  const text = await res.text();
  let answer: Record<string, unknown> = {};
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    answer = { detail: text.slice(0, 200) };
  }
  if (!res.ok) {
    if (options.json) io.stdout(JSON.stringify({ error: answer['detail'], status: res.status, problem: answer }) + '\n');
    io.stderr(
      `cairn ${command}: the log refused (HTTP ${res.status}${typeof answer['code'] === 'string' ? ` ${answer['code']}` : ''}): ${String(answer['detail'] ?? '')}\n`,
    );
    return EXIT_FAILURE;
  }
  io.stdout(options.json ? JSON.stringify(answer) + '\n' : human(answer));
  return EXIT_OK;
}

/** `--index` values as entry indexes (repeatable, or comma separated). */
export function parseIndexes(values: readonly string[]): number[] {
  return values.map((v) => {
    if (!/^[0-9]+$/.test(v.trim()) || !Number.isSafeInteger(Number(v)))
      throw new UsageError(`--index takes entry indexes (integers >= 0), not ${JSON.stringify(v)}`);
    return Number(v);
  });
}

/** The selection of --index / --actor / --submitter / --target: exactly one kind. */
export function selection(options: {
  index: string[];
  actor: string | undefined;
  submitter: string | undefined;
  target: string | undefined;
}): Record<string, unknown> {
  const filter = Object.fromEntries(
    Object.entries({ actor: options.actor, submitter: options.submitter, target: options.target }).filter(([, v]) => v !== undefined && v !== ''),
  );
  const hasFilter = Object.keys(filter).length > 0;
  if (options.index.length > 0 === hasFilter)
    throw new UsageError('give either --index N (repeatable) or a filter (--actor, --submitter, --target), not both and not neither');
  return options.index.length > 0 ? { indexes: parseIndexes(options.index) } : { filter };
}
