/**
 * Carriers issue, acceptance 6, in real headless Chromium: connect a (local) Twilio-shaped
 * carrier — the peer in its own process (test/peers/twilio-server.ts) — under Settings →
 * Carriers, attach its number, send from the Inbox through it, watch the signed delivery receipt
 * arrive in the thread, receive the customer's signed reply (with a picture) live, and answer
 * with a picture (MMS) that the peer fetches from our signed media URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { startDispatcher } from '../../src/modules/messaging/dispatcher.js';
import { stopCarrierConnections } from '../../src/modules/messaging/carrier-connections.js';
import { startTwilioPeer, type TwilioPeer } from '../peers/twilio-peer.js';
import { findChromium, screenshot, signUpViaApi, useServerAndBrowser, watchPageErrors } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 15_000;
const SID = `AC${'5e'.repeat(16)}`;
const AUTH_TOKEN = 'browser-twilio-token-77aa';
const OUR_NUMBER = '+15125550188';
const CUSTOMER = '+14155550142';
/** A real 1×1 PNG (the browser must be able to draw it). */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const textOf = async (l: Locator) => ((await l.first().textContent()) ?? '').trim();

describe.skipIf(SKIP)('a Twilio connection from Settings to the Inbox, in headless Chromium', () => {
  const env = useServerAndBrowser();
  let peer: TwilioPeer;
  let dispatcher: { stop: () => Promise<void> } | null = null;

  beforeAll(async () => {
    peer = await startTwilioPeer();
    // startWebServer() runs the API and the job worker; texts leave with the dispatcher loop (a worker's).
    dispatcher = startDispatcher(env.server.ctx, console);
  }, 30_000);
  afterAll(async () => {
    await dispatcher?.stop();
    await stopCarrierConnections(env.server.ctx);
    peer?.stop();
  }, 30_000);

  it('connects Twilio, imports its number, sends from the Inbox, sees the receipt, and gets the reply', async () => {
    await peer.admin('/__admin/reset', { accounts: [{ sid: SID, authToken: AUTH_TOKEN, numbers: [{ phoneNumber: OUR_NUMBER }] }] });
    await peer.serve({ 'photo.png': { contentType: 'image/png', bytes: PIXEL } });
    const owner = await signUpViaApi(env.server.base);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: env.server.base });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: env.server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);

    // Settings → Carriers: connect the Twilio account (tested on save against the peer).
    await page.goto('/settings/carriers');
    await page.getByTestId('connections-empty').waitFor();
    await page.locator('[aria-label="Carrier"] label').filter({ hasText: 'Twilio' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Front desk Twilio');
    await page.getByLabel('Account SID').fill(SID);
    await page.getByLabel('Auth token', { exact: true }).fill(AUTH_TOKEN);
    await page.getByLabel('API base URL').fill(peer.api);
    await page.getByRole('button', { name: 'Connect' }).click();
    const row = page.getByTestId('connection-row').filter({ has: page.getByTestId('connection-name').filter({ hasText: 'Front desk Twilio' }) });
    await expect.poll(async () => row.getByTestId('connection-status').textContent().catch(() => null), { timeout: 30_000 }).toBe('Connected');
    // The webhook URLs a business pastes into Twilio's console are on the card.
    const inboundUrl = await textOf(row.getByText('Inbound:').locator('code'));
    expect(inboundUrl).toMatch(new RegExp(`^${env.server.base}/webhooks/twilio/[^/]+/inbound$`));

    // Import the carrier account's numbers onto the connection: the one it has is listed and chosen.
    await row.getByRole('button', { name: 'Import numbers…' }).click();
    const importDialog = page.getByRole('dialog', { name: 'Import numbers from Front desk Twilio' });
    await importDialog.getByTestId('carrier-number-row').first().waitFor();
    expect(await importDialog.getByTestId('carrier-number-row').count()).toBe(1);
    expect(await importDialog.getByLabel(`Import ${OUR_NUMBER}`).isChecked()).toBe(true);
    await importDialog.getByRole('button', { name: 'Import 1 number' }).click();
    await importDialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await row.textContent()) ?? '').toMatch(/555.?0188/);

    // Inbox → New message: it goes out through the Twilio connection.
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.getByRole('button', { name: 'New message' }).click();
    const dialog = page.getByRole('dialog', { name: 'New message' });
    const body = 'Hi! Your bike is ready for pickup.';
    await dialog.getByLabel('To').fill(CUSTOMER);
    await dialog.getByLabel('Message').fill(body);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForURL((u) => /^\/inbox\/cv_/.test(u.pathname));
    const outbound = page.locator('[data-testid="message-bubble"][data-direction="outbound"]');
    const inbound = page.locator('[data-testid="message-bubble"][data-direction="inbound"]');
    await outbound.first().waitFor();
    await expect.poll(async () => outbound.first().getByTestId('message-status').textContent()).toBe('sent');
    const first = (await peer.ledger()).messages;
    expect(first.map((m: any) => [m.from, m.to, m.body])).toEqual([[OUR_NUMBER, CUSTOMER, body]]);

    // Twilio reports delivery (a signed status callback): the bubble turns delivered without a reload.
    const cb = await peer.admin('/__admin/callbacks', { sid: first[0].sid, statuses: ['sent', 'delivered'] });
    expect(cb.results.map((r: { status: number }) => r.status)).toEqual([200, 200]);
    await expect.poll(async () => outbound.first().getByTestId('message-status').textContent()).toBe('delivered');

    // The customer answers with a picture (a signed inbound webhook at the URL from the card).
    const mediaUrl = `${peer.api}/2010-04-01/Accounts/${SID}/Messages/MM${'1'.repeat(32)}/Media/photo.png`;
    const reply = await peer.admin('/__admin/inbound', { url: inboundUrl, accountSid: SID, from: CUSTOMER, to: OUR_NUMBER, body: 'Great, see you at 5', media: [{ url: mediaUrl, contentType: 'image/png' }] });
    expect(reply.status, reply.body).toBe(200);
    await expect.poll(() => inbound.count()).toBe(1);
    expect(await textOf(inbound.first().getByTestId('message-body'))).toBe('Great, see you at 5');
    const picture = inbound.first().getByTestId('message-image').locator('img').or(inbound.first().locator('img[data-testid="message-image"]'));
    await picture.first().waitFor();
    await expect.poll(() => picture.first().evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth)).toBe(1);

    // Answer with a picture from the composer (uploaded, then sent as MMS; the peer fetches our signed URL).
    const composer = page.getByTestId('composer');
    await composer.locator('input[type="file"]').setInputFiles({ name: 'map.png', mimeType: 'image/png', buffer: PIXEL });
    await composer.getByTestId('composer-attachments').locator('img').waitFor();
    expect(await textOf(composer.getByTestId('mms-counter'))).toBe('MMS · 1 picture · counts as one message');
    await composer.getByLabel('Message').fill('Here is the map');
    await composer.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => outbound.count()).toBe(2);
    await expect.poll(async () => outbound.nth(1).getByTestId('message-status').textContent()).toBe('sent');
    const mms = (await peer.ledger()).messages[1];
    expect(mms.body).toBe('Here is the map');
    expect(mms.mediaUrls).toHaveLength(1);
    expect(mms.mediaUrls[0].startsWith(`${env.server.base}/media/`)).toBe(true);
    expect(mms.media.map((m: any) => [m.status, m.contentType, m.size])).toEqual([[200, 'image/png', PIXEL.length]]);
    await outbound.nth(1).getByTestId('message-image').first().waitFor();

    await screenshot(page, 'twilio-inbox');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
