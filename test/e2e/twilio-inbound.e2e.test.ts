/**
 * Issue 12 (Twilio-compatible inbound): Settings → Numbers in real headless Chromium. Set a
 * number's Twilio SMS URL in its Edit dialog; a customer's text is posted there (the receiver
 * checks the signature with the official twilio package) and its TwiML answer shows in the log.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPublicId } from '../../src/lib/ids.js';
import { twilioCredentialsOf } from '../../src/modules/twilio-compat/credentials.service.js';
import { startTwilioInboundWorker } from '../../src/modules/twilio-compat/inbound-hooks.worker.js';
import { apiCall, findChromium, launchBrowser, signUpViaApi, startWebServer, watchPageErrors, type WebServer } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 30_000;

describe.skipIf(SKIP)('Twilio-compatible SMS URL in headless Chromium', () => {
  let server: WebServer;
  let browser: Browser;
  let worker: { stop: () => Promise<void> };
  let receiver: http.Server;
  const got: Array<{ params: Record<string, string>; signature: string; path: string }> = [];

  beforeAll(async () => {
    server = await startWebServer({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    browser = await launchBrowser();
    worker = startTwilioInboundWorker(server.ctx, { error: () => {} });
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({ params: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())), signature: String(req.headers['x-twilio-signature']), path: req.url ?? '' });
        res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response><Message>Thanks, a person will answer soon.</Message></Response>');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await new Promise((r) => receiver?.close(r));
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it("sets a number's Twilio SMS URL, and the posted text and its TwiML reply show in the log", async () => {
    const owner = await signUpViaApi(server.base);
    const number = await apiCall<{ id: string; phoneNumber: string }>(server.base, owner, 'POST', '/v1/numbers', { provider: 'simulator', mps: 100 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.base });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/twilio/sms`;

    await page.goto('/settings/numbers');
    await page.getByTestId('number-row').first().getByRole('button', { name: /^Edit / }).click();
    const field = page.getByLabel('Twilio-compatible SMS URL');
    await field.fill('not a url');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter an http(s) URL, or leave it empty').waitFor();
    await field.fill(url);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Number settings saved').waitFor();
    const numbers = await apiCall<{ data: Array<{ twilioSmsUrl: string | null }> }>(server.base, owner, 'GET', '/v1/numbers');
    expect(numbers.data[0].twilioSmsUrl).toBe(url);

    await apiCall(server.base, owner, 'POST', '/v1/simulator/inbound', { from: '+1 212 555 0170', to: number.phoneNumber, body: 'Hello?' });
    await page.reload();
    const rows = page.getByTestId('twilio-inbound-row');
    await expect.poll(async () => (await rows.first().textContent().catch(() => '')) ?? '', { timeout: 60_000, interval: 500 }).toContain('succeeded');
    expect(await rows.first().textContent()).toContain('1 reply sent');
    expect(got).toHaveLength(1);
    expect(got[0].params.Body).toBe('Hello?');
    const account = (await apiCall<{ account: { id: string } }>(server.base, owner, 'GET', '/v1/account')).account.id;
    const { authToken } = await twilioCredentialsOf(server.ctx, fromPublicId('account', account)!);
    expect(validateRequest(authToken, got[0].signature, url, got[0].params)).toBe(true);
    await rows.first().click();
    await page.getByText(/Thanks, a person will answer soon/).first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
