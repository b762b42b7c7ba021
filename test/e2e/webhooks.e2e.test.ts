/**
 * Issue 12: Settings → Webhooks in real headless Chromium. Add an endpoint (its secret shown once),
 * send a test event, see it in the delivery log as delivered, replay it; the receiver verifies both
 * requests with the official standardwebhooks package.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookWorker } from '../../src/modules/webhooks/worker.js';
import { findChromium, launchBrowser, signUpViaApi, startWebServer, watchPageErrors, type WebServer } from './browser.js';
import type { Browser } from 'playwright-core';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 15_000;

describe.skipIf(SKIP)('webhooks in headless Chromium', () => {
  let server: WebServer;
  let browser: Browser;
  let worker: { stop: () => Promise<void> };
  let receiver: http.Server;
  const got: Array<{ body: string; headers: Record<string, string> }> = [];

  beforeAll(async () => {
    server = await startWebServer({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    browser = await launchBrowser();
    worker = startWebhookWorker(server.ctx, { error: () => {} });
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({ body: Buffer.concat(chunks).toString(), headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])) });
        res.writeHead(200).end('thanks');
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

  it('adds an endpoint, sends a test event, shows it in the delivery log and replays it', async () => {
    const owner = await signUpViaApi(server.base);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.base });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/wm`;

    await page.goto('/settings/webhooks');
    await page.getByLabel('Endpoint URL').fill(url);
    await page.getByLabel('Description').fill('Browser test');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('webhook-endpoint-row').filter({ hasText: url }).waitFor();

    await page.getByRole('button', { name: 'Send test event' }).click();
    const rows = page.getByTestId('webhook-delivery-row');
    await expect.poll(async () => (await rows.first().textContent().catch(() => '')) ?? '', { timeout: 30_000 }).toContain('succeeded');
    expect(await rows.first().textContent()).toContain('webhook.test');
    expect(await rows.first().textContent()).toContain('200');
    expect(got).toHaveLength(1);
    expect(() => new Webhook(secret).verify(got[0].body, got[0].headers)).not.toThrow();

    await rows.first().getByRole('button', { name: 'Replay' }).click();
    await expect.poll(async () => rows.count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(async () => (await rows.first().textContent()) ?? '', { timeout: 30_000 }).toContain('succeeded');
    expect(await rows.first().textContent()).toContain('replay');
    expect(got).toHaveLength(2);
    expect(got[1].headers['webhook-id']).toBe(got[0].headers['webhook-id']);
    expect(() => new Webhook(secret).verify(got[1].body, got[1].headers)).not.toThrow();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
