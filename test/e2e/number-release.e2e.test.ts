/**
 * Issue 8 (numbers: provision, import and release): Settings → Numbers in real headless Chromium.
 * Release a number with a text still waiting to go from it: the dialog says what happens, the server
 * refuses once (409, the count), the dialog names the texts it would cancel, and the release goes through.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPublicId } from '../../src/lib/ids.js';
import { releaseAtCarrier } from '../../src/modules/messaging/numbers.service.js';
import { startTwilioPeer, type TwilioPeer } from '../peers/twilio-peer.js';
import { apiCall, findChromium, launchBrowser, signUpViaApi, startWebServer, watchPageErrors, type WebServer } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 30_000;

describe.skipIf(SKIP)('releasing a number in headless Chromium', () => {
  let server: WebServer;
  let browser: Browser;
  let peer: TwilioPeer;

  beforeAll(async () => {
    [server, browser, peer] = await Promise.all([startWebServer(), launchBrowser(), startTwilioPeer()]);
  }, 60_000);
  afterAll(async () => {
    peer?.stop();
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('releases a bought number, canceling the text waiting on it after saying so', async () => {
    const owner = await signUpViaApi(server.base);
    const number = await apiCall<{ id: string; phoneNumber: string }>(server.base, owner, 'POST', '/v1/numbers', { provider: 'simulator', mps: 10 });
    const kept = await apiCall<{ id: string }>(server.base, owner, 'POST', '/v1/numbers', { provider: 'simulator', mps: 10 });
    const waiting = await apiCall<{ id: string }>(server.base, owner, 'POST', '/v1/messages', { from: number.phoneNumber, to: '+1 415 555 0162', body: 'Your order ships Monday', sendAt: new Date(Date.now() + 86_400_000).toISOString() });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.base });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);

    await page.goto('/settings/numbers');
    const row = page.locator(`[data-testid="number-row"][data-number-id="${number.id}"]`);
    await row.getByRole('button', { name: /^Release / }).click();
    await page.getByTestId('release-carrier-note').getByText(/goes back to the carrier/).waitFor();
    await page.getByTestId('release-confirm').click();
    // Refused once: one text waits; the dialog names it and the button says what a release now does.
    await page.getByTestId('release-queued').getByText('1 text is still waiting').waitFor();
    await page.getByRole('button', { name: 'Cancel 1 and release' }).click();
    await page.getByText(/released; 1 waiting text canceled/).waitFor();
    await row.waitFor({ state: 'detached' });
    await page.locator(`[data-testid="number-row"][data-number-id="${kept.id}"]`).waitFor();

    const numbers = await apiCall<{ data: Array<{ id: string }> }>(server.base, owner, 'GET', '/v1/numbers');
    expect(numbers.data.map((n) => n.id)).toEqual([kept.id]);
    const message = await apiCall<{ status: string; errorCode: string | null }>(server.base, owner, 'GET', `/v1/messages/${waiting.id}`);
    expect(message).toMatchObject({ status: 'canceled', errorCode: 'number_released' });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('buys a number through a Twilio connection in Settings → Carriers, then releases it back to Twilio', async () => {
    const AC = 'AC' + 'e2'.repeat(16);
    const TOKEN = 'e2e-buy-auth-token';
    await peer.admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [] }] });
    const owner = await signUpViaApi(server.base);
    const conn = await apiCall<{ id: string }>(server.base, owner, 'POST', '/v1/provider-connections', { kind: 'twilio', name: 'Shop Twilio', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: peer.api } });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.base });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);

    await page.goto('/settings/carriers');
    await page.getByRole('button', { name: 'Buy a number through Shop Twilio' }).click();
    await page.getByText(/^Bought \+1512555\d{4} through Shop Twilio$/).waitFor();
    const numbers = await apiCall<{ data: Array<{ id: string; phoneNumber: string; origin: string; connectionId: string }> }>(server.base, owner, 'GET', '/v1/numbers');
    expect(numbers.data).toEqual([expect.objectContaining({ origin: 'provisioned', connectionId: conn.id })]);
    const [bought] = numbers.data;

    await page.goto('/settings/numbers');
    await page.locator(`[data-testid="number-row"][data-number-id="${bought.id}"]`).getByRole('button', { name: /^Release / }).click();
    await page.getByTestId('release-carrier-note').getByText(/goes back to the carrier/).waitFor();
    await page.getByTestId('release-confirm').click();
    await page.getByTestId('numbers-empty').waitFor();
    const account = (await apiCall<{ account: { id: string } }>(server.base, owner, 'GET', '/v1/account')).account.id;
    expect(await releaseAtCarrier(server.ctx, { accountId: fromPublicId('account', account)!, numberId: fromPublicId('number', bought.id)! })).toBe('released');
    const held = await fetch(`${peer.api}/2010-04-01/Accounts/${AC}/IncomingPhoneNumbers.json`, { headers: { authorization: `Basic ${Buffer.from(`${AC}:${TOKEN}`).toString('base64')}` } });
    expect(((await held.json()) as { incoming_phone_numbers: unknown[] }).incoming_phone_numbers).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
