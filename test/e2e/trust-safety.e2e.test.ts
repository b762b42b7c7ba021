/**
 * Trust & safety (issue 13, acceptance 5) in headless Chromium against the real server (PGlite,
 * built web app): a business texts 24 contacts without recorded consent, with a third-party link
 * shortener; the risk job puts it in the review queue. An operator signs in with TOTP (the
 * `otpauth` package's code), opens the review queue, reads the signals with their numbers and
 * suspends the account with a reason. The owner sees the notice banner, opens Notices and
 * appeals, and appeals; the operator sees the appeal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dispatchOnce } from '../../src/modules/messaging/dispatcher.js';
import { runRiskSignals } from '../../src/modules/trust-safety/trust-safety.service.js';
import { makeOperator, signInOperatorInBrowser } from '../operator-fixtures.js';
import { apiCall, findChromium, launchBrowser, screenshot, signUpViaApi, startWebServer, watchPageErrors, type WebServer } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 30_000;

describe.skipIf(SKIP)('trust & safety in headless Chromium', () => {
  const env = {} as { server: WebServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startWebServer();
    env.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  }, 60_000);

  it('an operator reviews a flagged account and suspends it; the owner sees the notice and appeals', async () => {
    const { server, browser } = env;
    const owner = await signUpViaApi(server.base);
    const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => apiCall<T>(server.base, owner, method, path, body);
    await call('POST', '/v1/numbers', { provider: 'simulator', mps: 1000 });
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push((await call<{ id: string }>('POST', '/v1/messages', { to: `+1 212 555 ${String(4100 + i * 3)}`, body: `Flash sale! bit.ly/sale${i}` })).id);
    await expect.poll(async () => {
      await dispatchOnce(server.ctx);
      const s = await Promise.all(ids.slice(-3).map(async (id) => (await call<{ status: string }>('GET', `/v1/messages/${id}`)).status));
      return s.every((x) => x !== 'queued');
    }, { timeout: 60_000 }).toBe(true);
    await runRiskSignals(server.ctx);

    // The operator: TOTP sign-in in the browser (a code of the next step: the API enrolment used this one).
    const op = await makeOperator(server, { role: 'trust_safety' });
    const opContext = await browser.newContext({ viewport: { width: 1280, height: 1000 }, baseURL: server.base });
    opContext.setDefaultTimeout(WAIT);
    const opPage = await opContext.newPage();
    const opErrors = watchPageErrors(opPage);
    await signInOperatorInBrowser(opPage, server.base, op, () => new Date(server.ctx.now().getTime() + 30_000));
    await opPage.getByRole('link', { name: 'Review queue' }).click();
    const card = opPage.getByRole('tabpanel', { name: 'Open' }).getByTestId('review').filter({ hasText: owner.business });
    await card.waitFor();
    await card.getByTestId('signal-no_consent_share').getByText('24 of 24 (100.0%)', { exact: false }).waitFor();
    await card.getByTestId('signal-link_shorteners').getByText('bit.ly', { exact: false }).waitFor();
    await screenshot(opPage, 'trust-safety-review-queue');
    await card.getByLabel('Action').click();
    await opPage.getByRole('option', { name: 'Suspend sending' }).click();
    await card.getByLabel('Reason').fill('Texts to contacts without consent, with shortened links');
    await card.getByRole('button', { name: 'Suspend sending' }).click();
    // Acted on: the review leaves the open queue and is listed as actioned, with the decision.
    await card.waitFor({ state: 'detached' });
    await opPage.getByRole('tab', { name: 'Actioned' }).click();
    await opPage.getByRole('tabpanel', { name: 'Actioned' }).getByTestId('review').filter({ hasText: owner.business }).getByText('Resolution: suspend: Texts to contacts without consent', { exact: false }).waitFor();

    // The owner: the banner, the notices page, the appeal.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.base });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto('/inbox');
    const banner = page.getByTestId('enforcement-banner');
    await banner.getByText('Sending is suspended', { exact: true }).waitFor();
    await banner.getByText('Texts to contacts without consent', { exact: false }).waitFor();
    await banner.getByRole('link', { name: 'Notices and appeals' }).click();
    await page.getByRole('heading', { name: 'Notices and appeals' }).waitFor();
    await page.getByLabel('Subject').fill('Our contacts opted in');
    await page.getByLabel('Your appeal').fill('Every contact signed up at our counter; we can send the forms.');
    await page.getByRole('button', { name: 'Send appeal' }).click();
    await page.getByTestId('appeal-thread').getByText('Every contact signed up at our counter', { exact: false }).waitFor();
    await screenshot(page, 'trust-safety-appeal');

    // The operator sees the appeal in the console.
    await opPage.getByRole('tab', { name: 'Appeals' }).click();
    await opPage.getByRole('tabpanel', { name: 'Appeals' }).getByTestId('appeal').filter({ hasText: 'Our contacts opted in' }).waitFor();
    expect(errors).toEqual([]);
    expect(opErrors).toEqual([]);
    await context.close();
    await opContext.close();
  }, 300_000);
});
