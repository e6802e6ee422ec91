/**
 * The Log page checks cosignatures in the browser (issue 16 with issue 12): a real `cairn
 * witness`, `cairn serve --witness-policy --witness-enforce` (so /checkpoint carries the
 * witness's cosignature), and Debian's chromium. With the policy entered, the page says the
 * quorum is met and names the witness; with a policy that names another witness key, it says
 * Not verified.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { formatCosignatureVerifierKey, generateSignerKey } from '../../proofs/index.js';
import { describeExternal } from '../helpers/external.js';
import { killAllServers, type ServerProcess } from '../helpers/cli.js';
import { TempDirs } from '../helpers/temp-dir.js';
import {
  appendEvents,
  freePort,
  killWitnesses,
  makeLogIdentity,
  startWitness,
  startWitnessedLog,
  waitForRound,
  writePolicy,
  type LogIdentity,
  type WitnessRun,
} from '../witnessing/witnessing-fixture.js';
import { CHROMIUM, launchBrowser, type TestBrowser } from './browser.js';

describeExternal('the Log page with a witnessed log, in chromium', CHROMIUM, () => {
  const dirs = new TempDirs();
  let log: LogIdentity;
  let witness: WitnessRun;
  let server: ServerProcess;
  let policy: string;
  let browser: TestBrowser;

  beforeAll(async () => {
    const root = await dirs.make('cairn-explorer-witnessed-');
    log = await makeLogIdentity(root, 'log.example/explorer');
    witness = await startWitness({
      name: 'w1.example',
      dataDir: join(root, 'w1'),
      keyFile: join(root, 'w1.key'),
      port: await freePort(),
      logs: [log.verifierKey],
    });
    const policyFile = join(root, 'policy.txt');
    policy = await writePolicy(policyFile, log, [witness], 1);
    server = await startWitnessedLog(join(root, 'log'), log, ['--witness-policy', policyFile, '--witness-enforce', '--witness-interval-ms', '20']);
    await appendEvents(server, server.token!, 2);
    const size = ((await (await fetch(`${server.url}/v1/log`)).json()) as { treeSize: number }).treeSize;
    await waitForRound(server, (l) => l['witnessedSize'] === size);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await killAllServers();
    await killWitnesses();
    await dirs.cleanup();
  });

  async function checkWith(page: Page, policyText: string): Promise<void> {
    await page.getByRole('textbox', { name: 'Verifier key', exact: true }).fill(log.verifierKey);
    await page.getByRole('textbox', { name: 'Witness policy', exact: true }).fill(policyText);
    await page.getByRole('button', { name: 'Check again' }).click();
  }

  test("with the witness policy, the page verifies the checkpoint's cosignature and names the witness", async () => {
    const { page, errors } = await browser.page();
    try {
      await page.goto(`${server.url}/#/log`);
      await checkWith(page, policy);
      await page.getByText(/✓ Verified: the witness policy’s quorum is met by 1 cosignature\(s\)$/).waitFor();
      expect(await page.locator('li').filter({ hasText: '✓ w1.example (w1.example) cosigned at' }).count()).toBe(1);
      expect(await page.getByText(/✓ Verified: signed by log\.example\/explorer$/).count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('with a policy naming another witness key, the checkpoint is Not verified, with the reason', async () => {
    const stranger = generateSignerKey('w1.example');
    const otherPolicy = policy.replace(witness.verifierKey, formatCosignatureVerifierKey('w1.example', stranger.publicKey));
    expect(otherPolicy).not.toBe(policy);
    const { page } = await browser.page();
    try {
      await page.goto(`${server.url}/#/log`);
      await checkWith(page, otherPolicy);
      await page.getByText(/✗ Not verified: .*\(POLICY_NOT_SATISFIED\)$/).waitFor();
    } finally {
      await page.close();
    }
  });
});
