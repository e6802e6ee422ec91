/**
 * The Cairn web explorer (issue 16): five pages behind hash routes (#/log, #/entries, #/search,
 * #/verify, #/consistency). Every check runs here, in the browser, with cairn/client's
 * browser-safe verifiers and the verifier key the user enters; the server's answers are data to
 * verify, never trusted.
 *
 * No UI library: plain DOM through dom.ts keeps the bundle small (the verifiers dominate it) and
 * the page compatible with a strict CSP (no inline script or style, no eval).
 */
import { renderConsistency } from './pages/consistency.js';
import { renderEntries } from './pages/entries.js';
import { renderLog } from './pages/log.js';
import { renderSearch } from './pages/search.js';
import { renderVerify } from './pages/verify.js';

type Render = (main: HTMLElement, signal: AbortSignal) => void;

const PAGES: Readonly<Record<string, { title: string; render: Render }>> = {
  log: { title: 'Log', render: renderLog },
  entries: { title: 'Entries', render: renderEntries },
  search: { title: 'Search', render: renderSearch },
  verify: { title: 'Verify a receipt', render: renderVerify },
  consistency: { title: 'Consistency', render: renderConsistency },
};

let current: AbortController | undefined;

function route(moveFocus: boolean): void {
  const name = location.hash.replace(/^#\/?/, '') || 'log';
  const page = PAGES[name] ?? PAGES['log'];
  const main = document.getElementById('main');
  if (page === undefined || main === null) return;
  // The previous page's polling and requests stop here.
  current?.abort();
  current = new AbortController();
  document.title = `${page.title} · Cairn explorer`;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    if (a.getAttribute('href') === `#/${name}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  page.render(main, current.signal);
  if (moveFocus) main.querySelector<HTMLElement>('h1')?.focus();
}

window.addEventListener('hashchange', () => route(true));
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => route(false));
else route(false);
