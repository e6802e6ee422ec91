/**
 * The web explorer in a real browser (issue 16): Debian's chromium, driven by playwright-core,
 * against a real `./bin/cairn serve`. Every check the page shows was computed in the browser.
 *
 * With CAIRN_SCREENSHOTS=1 the suite also writes docs/screenshots/<page>.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { ReceiptJson } from '../../client/index.js';
import { generateSignerKey, verifierKeyOf } from '../../proofs/index.js';
import { describeExternal } from '../helpers/external.js';
import { runCairn } from '../helpers/cli.js';
import { CHROMIUM, launchBrowser, type TestBrowser } from './browser.js';
import { startExplorerLog, type ExplorerLog } from './fixture.js';
import { changedCheckpointSignature, changedIndex, changedPayload, changedProofHash } from './tamper.js';

const PAGES = ['log', 'entries', 'search', 'verify', 'consistency'] as const;
const SCREENSHOTS = process.env['CAIRN_SCREENSHOTS'] === '1' ? join(import.meta.dirname, '..', '..', 'docs', 'screenshots') : undefined;

describeExternal('the web explorer in chromium', CHROMIUM, () => {
  let log: ExplorerLog;
  let browser: TestBrowser;
  let key: string;
  const receipts: ReceiptJson[] = [];

  beforeAll(async () => {
    log = await startExplorerLog();
    key = log.server.verifierKey;
    browser = await launchBrowser();
    for (let i = 0; i < 4; i++) receipts.push(await log.append(i % 2 === 0 ? 'alice' : 'bob', 'invoice.delete', `invoice/${i}`));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await log?.stop();
  });

  /** A page opened at `#/<name>`. */
  async function open(name: string): Promise<{ page: Page; errors: string[] }> {
    const opened = await browser.page();
    await opened.page.goto(`${log.explorerUrl}#/${name}`);
    return opened;
  }

  /** With CAIRN_SCREENSHOTS=1, saves the page as docs/screenshots/<name>.png. */
  async function shot(page: Page, name: string): Promise<void> {
    if (SCREENSHOTS === undefined) return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  /** Pastes `receipt` and `vkey` on the Verify page, presses Verify, answers the verdict text. */
  async function verifyInPage(page: Page, receipt: string, vkey: string): Promise<string> {
    await page.getByRole('textbox', { name: 'Receipt', exact: true }).fill(receipt);
    await page.getByRole('textbox', { name: 'Verifier key', exact: true }).fill(vkey);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const status = page.getByRole('status');
    await page.waitForFunction(() => (document.querySelector('[role="status"]')?.textContent ?? '') !== '');
    return (await status.textContent()) ?? '';
  }

  describe('every page', () => {
    for (const name of PAGES) {
      test(`${name} loads with no console error`, async () => {
        const { page, errors } = await open(name);
        try {
          await page.locator('h1').waitFor();
          // Wait until the page has what it fetched (or its error) on screen.
          if (name === 'log') await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid="tree-size"]')?.textContent ?? ''));
          if (name === 'entries') await page.locator('table, .mark').first().waitFor();
          if (name === 'consistency') await page.waitForFunction(() => (document.querySelector<HTMLInputElement>('input[name="to"]')?.value ?? '') !== '');
          expect(await page.locator('h1').textContent()).toBeTruthy();
          expect(errors).toEqual([]);
        } finally {
          await page.close();
        }
      });
    }
  });

  describe('the Verify page', () => {
    let page: Page;
    let errors: string[];
    beforeAll(async () => ({ page, errors } = await open('verify')));
    afterAll(async () => page?.close());

    test('a good receipt is Verified, and the page shows index, time, submitter and event', async () => {
      const r = receipts[3]!;
      const verdict = await verifyInPage(page, JSON.stringify(r), key);
      expect(verdict).toMatch(/^Verified: entry 3 is in the log/);
      const proven = page.locator('article.proven[data-index="3"]');
      const text = (await proven.textContent()) ?? '';
      expect(text).toContain(r.timestamp);
      expect(text).toContain('default');
      expect(text).toContain('"actor": "bob"');
      await shot(page, 'verify');
      expect(errors).toEqual([]);
    });

    test('a receipt with a changed payload is Not verified, with the reason', async () => {
      const verdict = await verifyInPage(page, JSON.stringify(changedPayload(receipts[3]!)), key);
      expect(verdict).toMatch(/^Not verified: .*COMMITMENT_MISMATCH/);
      expect(await page.locator('article.proven').count()).toBe(0);
    });

    test('a receipt with a changed index is Not verified, with the reason', async () => {
      expect(await verifyInPage(page, JSON.stringify(changedIndex(receipts[3]!)), key)).toMatch(/^Not verified: .*\((FIELD_MISMATCH|INCLUSION_FAILED)\)/);
    });

    test('a receipt with a changed proof hash is Not verified, with the reason', async () => {
      expect(await verifyInPage(page, JSON.stringify(changedProofHash(receipts[3]!)), key)).toMatch(/^Not verified: .*\(INCLUSION_FAILED\)/);
    });

    test('a receipt with a changed checkpoint signature is Not verified, with the reason', async () => {
      expect(await verifyInPage(page, JSON.stringify(changedCheckpointSignature(receipts[3]!)), key)).toMatch(/^Not verified: .*\(BAD_SIGNATURE\)/);
    });

    test('a good receipt checked with another verifier key is Not verified, with the reason', async () => {
      const other = verifierKeyOf(generateSignerKey(String(log.listening['origin'])));
      expect(await verifyInPage(page, JSON.stringify(receipts[3]!), other)).toMatch(/^Not verified: .*\((UNKNOWN_KEY|BAD_SIGNATURE)\)/);
    });

    test('a receipt checked with no verifier key is Not verified, asking for the key', async () => {
      expect(await verifyInPage(page, JSON.stringify(receipts[3]!), '')).toMatch(/^Not verified: enter the verifier key/);
    });

    test('text that is not a receipt is Not verified, with the reason', async () => {
      expect(await verifyInPage(page, 'hello', key)).toMatch(/^Not verified: line 1 is not JSON/);
    });

    test("an evidence bundle's events.ndjson with its checkpoint is Verified as a whole, and one changed line is named", async () => {
      const res = await fetch(`${log.server.url}/v1/events?order=asc`, { headers: { Authorization: `Bearer ${log.readerToken}` } });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as { checkpoint: string; events: ReceiptJson[] };
      const ndjson = answer.events.map((e) => JSON.stringify(e)).join('\n');
      await page.getByRole('textbox', { name: 'Bundle checkpoint', exact: true }).fill(answer.checkpoint);
      expect(await verifyInPage(page, ndjson, key)).toMatch(new RegExp(`^Verified: all ${answer.events.length} receipts`));
      const bad = answer.events.map((e, i) => JSON.stringify(i === 1 ? changedPayload(e) : e)).join('\n');
      expect(await verifyInPage(page, bad, key)).toMatch(/^Not verified: line 2: .*COMMITMENT_MISMATCH/);
      await page.getByRole('textbox', { name: 'Bundle checkpoint', exact: true }).fill('');
    });
  });

  test('a search gives the results the API gives, each verified in the browser', async () => {
    const api = await fetch(`${log.server.url}/v1/events?actor=alice`, { headers: { Authorization: `Bearer ${log.readerToken}` } });
    expect(api.status).toBe(200);
    const expected = ((await api.json()) as { events: ReceiptJson[] }).events.map((e) => e.index);
    expect(expected.length).toBeGreaterThan(1);

    const { page, errors } = await open('search');
    try {
      await page.getByRole('textbox', { name: 'Actor', exact: true }).fill('alice');
      await page.getByRole('combobox', { name: 'Time range' }).selectOption({ label: 'Last 24 hours' });
      await page.getByRole('textbox', { name: 'Verifier key', exact: true }).fill(key);
      await page.getByLabel('Reader token', { exact: true }).fill(log.readerToken);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.locator('table tbody tr').first().waitFor();
      const shown = await page.locator('table tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-index'))));
      expect(shown).toEqual(expected);
      const marks = await page.locator('table tbody tr td:last-child').allTextContents();
      expect(marks.every((m) => m.includes('Verified') && !m.includes('Not verified'))).toBe(true);
      expect(await page.getByRole('status').textContent()).toBe(`${expected.length} result(s); ${expected.length} verified in your browser, 0 not verified.`);
      await shot(page, 'search');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("the Log page's tree size follows appends, each new checkpoint proved consistent with the last", async () => {
    const { page, errors } = await open('log');
    try {
      await page.getByRole('textbox', { name: 'Verifier key', exact: true }).fill(key);
      await page.getByRole('button', { name: 'Check again' }).click();
      const size = page.getByTestId('tree-size');
      await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid="tree-size"]')?.textContent ?? ''));
      const before = Number(await size.textContent());
      expect(await page.locator('dd').filter({ hasText: 'Verified: signed by' }).count()).toBe(1);
      const r = await log.append('carol', 'user.login', 'console');
      expect(r.treeSize).toBeGreaterThan(before);
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="tree-size"]')?.textContent) >= n, r.treeSize);
      await page.getByText(/Verified: the tree of \d+ extends the tree of \d+/).waitFor();
      await shot(page, 'log');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('the Consistency page proves a later checkpoint extends an earlier one', async () => {
    const { page, errors } = await open('consistency');
    try {
      await page.getByRole('spinbutton', { name: 'Older tree size' }).fill(String(receipts[0]!.treeSize));
      await page.getByRole('spinbutton', { name: 'Newer tree size' }).fill(String(receipts[3]!.treeSize));
      await page.getByRole('textbox', { name: 'Verifier key', exact: true }).fill(key);
      await page.getByRole('button', { name: 'Check consistency' }).click();
      await page.waitForFunction(() => (document.querySelector('[role="status"]')?.textContent ?? '') !== '');
      expect(await page.getByRole('status').textContent()).toMatch(/^Verified: the tree of 4 entries extends the tree of 1 entries/);
      await shot(page, 'consistency');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('the Entries page shows payloads, JSON pretty-printed, with action and actor, given a reader token', async () => {
    const { page, errors } = await open('entries');
    try {
      await page.getByLabel('Reader token', { exact: true }).fill(log.readerToken);
      await page.getByRole('button', { name: 'Show entries' }).click();
      const row = page.locator('tr[data-index="1"]');
      await row.getByText('"actor": "bob"').waitFor();
      const cells = await row.locator('td').allTextContents();
      expect(cells.slice(1, 5)).toEqual(['default', 'application/vnd.cairn.event+json', 'invoice.delete', 'bob']);
      await shot(page, 'entries');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('the CSP blocks an inline script, and the browser reports the violation', async () => {
    const { page } = await open('log');
    try {
      await page.locator('h1').waitFor();
      const outcome = await page.evaluate(async () => {
        const violation = new Promise<string>((resolve) =>
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true }),
        );
        const s = document.createElement('script');
        s.textContent = 'window.__cairnInline = "ran"';
        document.body.appendChild(s);
        const directive = await violation;
        return { directive, ran: (window as unknown as { __cairnInline?: string }).__cairnInline ?? 'did not run' };
      });
      expect(outcome).toEqual({ directive: 'script-src-elem', ran: 'did not run' });
    } finally {
      await page.close();
    }
  });

  test('keyboard only: Tab and Enter through the navigation and the Verify form', async () => {
    const { page, errors } = await open('log');
    try {
      await page.locator('h1').waitFor();
      const focused = (): Promise<string> =>
        page.evaluate(() => {
          const el = document.activeElement;
          return el === null ? '' : `${el.tagName.toLowerCase()}:${el.getAttribute('name') ?? el.textContent?.trim() ?? ''}`;
        });
      // From the top of the page, Tab reaches the "Verify a receipt" link.
      let steps = 0;
      while ((await focused()) !== 'a:Verify a receipt') {
        await page.keyboard.press('Tab');
        if (++steps > 10) throw new Error(`Tab never reached the Verify link (at ${await focused()})`);
      }
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.hash === '#/verify' && document.activeElement?.tagName === 'H1');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('textarea:receipt');
      await page.keyboard.insertText(JSON.stringify(receipts[2]!));
      // Receipt, files, bundle checkpoint, verifier key.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('input:verifierKey');
      await page.keyboard.insertText(key);
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('button:Verify');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => (document.querySelector('[role="status"]')?.textContent ?? '') !== '');
      expect(await page.getByRole('status').textContent()).toMatch(/^Verified: entry 2/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('done when: the URL `cairn serve` prints, a receipt from `cairn append`, pasted, is Verified', async () => {
    expect(log.explorerUrl).toBe(`${log.server.url}/`);
    const appended = await runCairn(['append', '--url', log.server.url, '--token', log.writerToken, '--content-type', 'application/json', '-'], {
      input: JSON.stringify({ actor: 'dave', action: 'report.export', target: 'q3' }),
    });
    expect(appended.code).toBe(0);
    const receipt = appended.stdout.trim();
    const page = (await browser.page()).page;
    try {
      await page.goto(log.explorerUrl);
      await page.getByRole('link', { name: 'Verify a receipt' }).click();
      const verdict = await verifyInPage(page, receipt, key);
      expect(verdict).toMatch(/^Verified/);
      expect(await page.locator('article.proven').textContent()).toContain('"actor": "dave"');
    } finally {
      await page.close();
    }
  });

  test('the receipt of an erased entry is Verified with "payload erased by entry K"; the one issued before still shows its event', async () => {
    const before = await log.append('erin', 'account.delete', 'user/erin');
    const made = await runCairn(['token', 'add', '--data', log.dataDir, '--name', 'explorer-dpo', '--role', 'admin', '--json']);
    expect(made.code).toBe(0);
    const admin = (JSON.parse(made.stdout) as { token: string }).token;
    const erasure = await fetch(`${log.server.url}/v1/erasures`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ indexes: [before.index], reason: 'GDPR request (explorer test)' }),
    });
    expect(erasure.status).toBe(201);
    const { record } = (await erasure.json()) as { record: number };
    const res = await fetch(`${log.server.url}/v1/entries/${before.index}/receipt`, { headers: { Authorization: `Bearer ${log.readerToken}` } });
    expect(res.status).toBe(200);
    const erased = await res.text();
    const { page, errors } = await open('verify');
    try {
      expect(await verifyInPage(page, erased, key)).toMatch(
        new RegExp(`^Verified: entry ${before.index} is in the log .*; payload erased by entry ${record}\\.$`),
      );
      const proven = (await page.locator(`article.proven[data-index="${before.index}"]`).textContent()) ?? '';
      expect(proven).toContain(`payload erased by entry ${record}`);
      expect(proven).not.toContain('erin');
      // The receipt issued at append time carries its payload: still verified, with its event.
      expect(await verifyInPage(page, JSON.stringify(before), key)).toMatch(new RegExp(`^Verified: entry ${before.index} is in the log .*\\.$`));
      expect(await page.getByRole('status').textContent()).not.toContain('erased');
      expect(await page.locator(`article.proven[data-index="${before.index}"]`).textContent()).toContain('"actor": "erin"');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
