/**
 * What `cairn tail` and `cairn export` share (issue 13): the filter flags, the query string they
 * make, and reading the log's answers (problems become one sentence).
 */
import type { EventsPageJson, ProblemJson } from '../../client/index.js';
import { CodedError } from '../../merkle/index.js';
import { UsageError, type OptionSpecs } from './command.js';

/** The filter flags (the parameters of GET /v1/events of the same names). */
export const FILTER_OPTIONS = {
  actor: { type: 'string', help: 'only events of this actor id', placeholder: 'ID' },
  action: { type: 'string', help: 'only events with this action', placeholder: 'A' },
  target: { type: 'string', help: 'only events on this target id', placeholder: 'ID' },
  submitter: { type: 'string', help: 'only entries appended with this token name', placeholder: 'NAME' },
} as const satisfies OptionSpecs;

/** The connection flags. */
export const CONNECTION_OPTIONS = {
  url: { type: 'string', help: "the log's URL, e.g. http://127.0.0.1:8080", env: 'CAIRN_URL', placeholder: 'U' },
  token: { type: 'string', help: 'a reader token', env: 'CAIRN_TOKEN', placeholder: 'T' },
} as const satisfies OptionSpecs;

/** The given filters as query parameters. */
export function filterParams(options: Partial<Record<keyof typeof FILTER_OPTIONS, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(FILTER_OPTIONS) as (keyof typeof FILTER_OPTIONS)[]) {
    const v = options[name];
    if (v !== undefined && v !== '') out[name] = v;
  }
  return out;
}

/** The base URL without a trailing slash; UsageError when it is not http(s). */
export function baseUrl(url: string | undefined, token: string | undefined): { url: string; token: string } {
  if (url === undefined || url === '') throw new UsageError('--url is required (or set CAIRN_URL)');
  if (token === undefined || token === '') throw new UsageError('--token is required (or set CAIRN_TOKEN): a reader token');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError('--url must be http:// or https://');
  return { url: url.replace(/\/+$/, ''), token };
}

/** A refusal of the log, as one sentence (with the problem's detail). */
export class LogRefusal extends CodedError<'LOG_REFUSED'> {
  override readonly name = 'LogRefusal';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super('LOG_REFUSED', message);
  }
}

/** The refusal of a non-2xx answer. */
export async function refusalOf(res: Response): Promise<LogRefusal> {
  const text = await res.text().catch(() => '');
  try {
    const p = JSON.parse(text) as ProblemJson;
    return new LogRefusal(res.status, `the log refused (HTTP ${res.status}${p.code ? ` ${p.code}` : ''}): ${p.detail}`);
  } catch {
    return new LogRefusal(res.status, `the log answered HTTP ${res.status}`);
  }
}

/** One page of GET /v1/events. Throws LogRefusal. */
export async function fetchEventsPage(base: string, token: string, params: Record<string, string>): Promise<EventsPageJson> {
  const res = await fetch(`${base}/v1/events?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  if (res.status !== 200) throw await refusalOf(res);
  return (await res.json()) as EventsPageJson;
}
