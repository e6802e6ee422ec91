/**
 * Calls to this log's own API, relative to the page (so a log mounted at /name/ is asked at
 * /name/v1/...). Nothing the answers say is trusted: the pages verify them. The reader token,
 * when entered, goes in `Authorization` to this origin only (`credentials: 'same-origin'`,
 * relative URLs, and the CSP's connect-src 'self').
 */
import { readerToken } from './session.js';

/** A refused request: the HTTP status and the problem's `detail` when the server sent one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function url(path: string, query: Record<string, string | number | undefined> = {}): string {
  const u = new URL(path, document.baseURI);
  if (u.origin !== location.origin) throw new Error(`refusing to call another origin: ${u.origin}`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
  return u.pathname + u.search;
}

async function call(path: string, accept: string, query?: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const token = readerToken();
  if (token !== '') headers['Authorization'] = `Bearer ${token}`;
  const res = await fetch(url(path, query), { headers, credentials: 'same-origin', cache: 'no-store', ...(signal ? { signal } : {}) });
  if (!res.ok) {
    let detail = res.statusText;
    try {
      const problem = (await res.json()) as { detail?: unknown; title?: unknown };
      if (typeof problem.detail === 'string') detail = problem.detail;
      else if (typeof problem.title === 'string') detail = problem.title;
    } catch {
      // not a problem document
    }
    throw new ApiError(res.status, `the server answered ${res.status}: ${detail}`);
  }
  return res;
}

/** GET a JSON document. */
export async function getJson<T>(path: string, query?: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<T> {
  const res = await call(path, 'application/json', query, signal);
  return (await res.json()) as T;
}

/** GET a text document (a signed note). */
export async function getText(path: string, signal?: AbortSignal): Promise<string> {
  const res = await call(path, 'text/plain', undefined, signal);
  return res.text();
}
