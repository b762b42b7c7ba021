/**
 * Issue 12: Settings → API keys → "Twilio-compatible API" in real headless Chromium: the card shows
 * the account SID and base URL, issues the auth token once (it then works as the Basic password
 * with the SID), and a rotation replaces it (the old token stops working).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiCall, findChromium, launchBrowser, signUpViaApi, startWebServer, watchPageErrors, type WebServer } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';

describe.skipIf(SKIP)('Twilio-compatible API card in headless Chromium', () => {
  let server: WebServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('shows the account SID, issues the auth token once and rotates it', async () => {
    const owner = await signUpViaApi(server.base);
    const { account } = await apiCall<{ account: { twilioAccountSid: string } }>(server.base, owner, 'GET', '/v1/account');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.base });
    context.setDefaultTimeout(15_000);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const list = (token: string) => fetch(`${server.base}/2010-04-01/Accounts/${account.twilioAccountSid}/Messages.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${account.twilioAccountSid}:${token}`).toString('base64')}` },
    });

    await page.goto('/settings/api-keys');
    const card = page.getByTestId('twilio-compat-card');
    await expect.poll(() => card.getByTestId('twilio-account-sid').textContent()).toBe(account.twilioAccountSid);
    expect(await card.getByTestId('twilio-code-sample').textContent()).toContain(account.twilioAccountSid);
    await card.getByText('not issued yet').waitFor();
    await card.getByRole('button', { name: 'Issue auth token' }).click();
    const first = (await page.getByTestId('twilio-auth-token').textContent())!.trim();
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    await page.getByRole('button', { name: 'Done' }).click();
    expect((await list(first)).status).toBe(200);
    await card.getByText(/issued .* \(hidden\)/).waitFor();
    expect(await card.textContent()).not.toContain(first);

    await card.getByRole('button', { name: 'Rotate auth token' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate' }).click();
    const second = (await page.getByTestId('twilio-auth-token').textContent())!.trim();
    expect(second).toMatch(/^[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
    expect((await list(second)).status).toBe(200);
    expect((await list(first)).status).toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });
});
