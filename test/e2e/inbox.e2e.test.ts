/**
 * Acceptance: texting from the Inbox in real headless Chromium against the real server (PGlite,
 * built web app, the dispatcher loop and the simulated carrier). The account is created through
 * the API; everything after that is driven through the UI: get a number, send a text and watch it
 * go queued → sent → delivered, receive a reply live, see STOP opt the customer out, and see a
 * further send refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startDispatcher } from '../../src/modules/messaging/dispatcher.js';
import { findChromium, launchBrowser, pageDiagnosis, screenshot, startWebServer, watchPageErrors, type WebServer } from './browser.js';
import { signUpViaApi as signUpViaApiAt, type ApiSession } from './browser.js';

const CHROMIUM = findChromium();
const REQUIRE_BROWSER = process.env.REQUIRE_BROWSER === '1';
const SKIP = !CHROMIUM && !REQUIRE_BROWSER;
const SUITE = SKIP
  ? 'inbox in headless Chromium — SKIPPED: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH; REQUIRE_BROWSER=1 makes this a failure)'
  : 'inbox in headless Chromium';
if (SKIP) console.warn(`browser tests skipped: no Chromium at CHROMIUM_PATH or /usr/bin/chromium`);

const BROWSER_TEST_TIMEOUT = 120_000;
const WAIT = 15_000;
/** Carrier latency of the receipts the test does not hold back. */
const LATENCY_MS = 200;
const CUSTOMER = '+1 415 555 0142';
const CUSTOMER_E164 = '+14155550142';
const STOP_REPLY = 'Acme Plumbing: you are unsubscribed and will get no more texts. Reply START to rejoin.';


const textOf = async (locator: Locator) => ((await locator.first().textContent()) ?? '').trim();

/** Polls a locator's text until it matches (playwright-core has no web-first assertions). */
async function expectText(locator: Locator, expected: string | RegExp, timeout = WAIT) {
  await locator.first().waitFor({ state: 'visible', timeout });
  await expect
    .poll(() => textOf(locator), { timeout })
    .toMatch(typeof expected === 'string' ? new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : expected);
}

async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

describe.skipIf(SKIP)(SUITE, () => {
  let server: WebServer;
  let browser: Browser;
  let dispatcher: { stop: () => Promise<void> } | null = null;
  const contexts: BrowserContext[] = [];
  const pageErrors = new WeakMap<Page, string[]>();

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('REQUIRE_BROWSER=1 but no Chromium was found (set CHROMIUM_PATH or apt-get install chromium)');
    // The embedded simulator (what `npm start` runs: its own HTTP server on a loopback port, reached only through its protocol).
    server = await startWebServer({ SIMULATOR_LATENCY_MS: String(LATENCY_MS) });
    // startWebServer() runs the API and the job worker, not the dispatcher (a worker-role loop): texts only leave with it.
    dispatcher = startDispatcher(server.ctx, console);
    browser = await launchBrowser(CHROMIUM);
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await dispatcher?.stop();
    await server?.stop();
  }, 60_000);

  type Session = ApiSession;
  const signUpViaApi = () => signUpViaApiAt(server.base);

  /** A JSON API call as the signed-in owner (cookie + CSRF header); returns the status and body. */
  async function apiCall<T = { error?: { code: string } }>(s: Session, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${server.base}${path}`, {
      method,
      headers: {
        cookie: Object.entries(s.cookies).map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': decodeURIComponent(s.cookies.wm_csrf),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
  }

  async function newPage(s: Session): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: server.base });
    context.setDefaultTimeout(WAIT);
    contexts.push(context);
    await context.addCookies(Object.entries(s.cookies).map(([name, value]) => ({ name, value, url: server.base })));
    const page = await context.newPage();
    pageErrors.set(page, watchPageErrors(page));
    return page;
  }

  /** Watches a message's status badge until it is final; returns every distinct status seen, in order. */
  async function watchStatus(bubble: Locator, until = 'delivered', timeout = WAIT, explain?: () => Promise<string>): Promise<string[]> {
    const status = bubble.getByTestId('message-status');
    await status.waitFor();
    const seen: string[] = [];
    const deadline = Date.now() + timeout;
    for (;;) {
      const now = await textOf(status);
      if (seen[seen.length - 1] !== now) seen.push(now);
      if (now === until) return seen;
      if (['failed', 'undelivered', 'canceled'].includes(now) || Date.now() > deadline) {
        const why = explain ? `; ${await explain().catch((e: Error) => e.message)}` : '';
        throw new Error(`message status ended at "${now}" (seen ${seen.join(' → ')}), expected ${until}${why}`);
      }
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  it(
    'sends from the Inbox, watches queued → sent → delivered, receives a reply live, and STOP opts the customer out',
    async () => {
      const session = await signUpViaApi();
      const page = await newPage(session);

      // Without a number, the inbox says where to get one.
      await page.goto('/inbox');
      await expectText(page.getByTestId('page-title'), 'Inbox');
      await page.getByTestId('no-number-alert').waitFor();
      await page.getByTestId('no-number-alert').getByRole('link', { name: 'Settings → Numbers' }).click();

      // Settings → Numbers: get a number, then customise its STOP reply.
      await page.waitForURL((u) => u.pathname === '/settings/numbers');
      await page.getByTestId('numbers-empty').waitFor();
      await page.getByRole('button', { name: 'Get a number' }).click();
      const row = page.getByTestId('number-row');
      await row.first().waitFor();
      expect(await row.count()).toBe(1);
      const ourNumber = await textOf(row.getByTestId('number-phone'));
      expect(ourNumber).toMatch(/^\+1 \(\d{3}\) \d{3}-\d{4}$/);
      await expectText(row.getByTestId('number-mps'), '1 msg/s');
      await expectText(row.getByTestId('reply-opt_out'), 'Standard reply');
      await row.getByRole('button', { name: /^Edit/ }).click();
      const edit = page.getByRole('dialog');
      await edit.getByLabel('Messages per second').fill('5');
      await edit.getByLabel('STOP reply').fill(STOP_REPLY);
      await edit.getByTestId('reply-counter-opt_out').waitFor();
      await edit.getByRole('button', { name: 'Save' }).click();
      await edit.waitFor({ state: 'detached' });
      await expectText(row.getByTestId('number-mps'), '5 msg/s');
      await expectText(row.getByTestId('reply-opt_out'), STOP_REPLY);
      // A number pool with that number (campaigns can send from it, sticky sender).
      await page.getByRole('button', { name: 'New pool' }).click();
      const poolForm = page.getByRole('dialog');
      await poolForm.getByLabel('Name').fill('Main pool');
      await poolForm.getByRole('textbox', { name: 'Numbers' }).click();
      await page.getByRole('option', { name: ourNumber }).click();
      await poolForm.getByLabel('Name').click(); // closes the list of numbers
      await poolForm.getByRole('button', { name: 'Create pool' }).click();
      await poolForm.waitFor({ state: 'detached' });
      await expectText(page.getByTestId('pool-row'), /^Main pool/);
      expect(await textOf(page.getByTestId('pool-row'))).toContain(ourNumber);
      await shot(page, 'settings-numbers');
      // Deleting it asks first (the app's confirm dialog), then the row goes.
      await page.getByRole('button', { name: 'Delete Main pool' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete pool' }).click();
      await page.getByTestId('pool-row').waitFor({ state: 'detached' });

      // Inbox → New message, with the live segment counter.
      await page.getByRole('link', { name: 'Inbox', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/inbox');
      await page.getByTestId('conversations-empty').waitFor();
      expect(await page.getByTestId('no-number-alert').count()).toBe(0);
      await page.getByRole('button', { name: 'New message' }).click();
      const dialog = page.getByRole('dialog', { name: 'New message' });
      const body = 'Hi Ada, your water heater part arrived. We can fit it tomorrow at 9am.';
      await dialog.getByLabel('To').fill(CUSTOMER);
      await dialog.getByLabel('Message').fill(body);
      const modalCounter = dialog.getByTestId('segment-counter');
      await expectText(modalCounter, `GSM-7 · 1 segment · ${160 - body.length} left`);
      await dialog.getByLabel('Message').fill(`${body} 🔧`);
      await expectText(modalCounter, /^UCS-2 \(emoji\/special characters\) · 2 segments · \d+ left$/);
      await dialog.getByLabel('Message').fill(body);
      await expectText(modalCounter, `GSM-7 · 1 segment · ${160 - body.length} left`);
      await shot(page, 'inbox-new-message');
      // The carrier holds its receipt until the bubble has shown the earlier statuses (no race with a loaded machine).
      server.simulator!.settings.latencyMs = 3_600_000;
      await dialog.getByRole('button', { name: 'Send' }).click();
      await dialog.waitFor({ state: 'detached' });

      // The conversation opens; its bubble goes queued/sending → sent → delivered as receipts arrive.
      await page.waitForURL((u) => /^\/inbox\/cv_/.test(u.pathname));
      const conversationId = page.url().split('/inbox/')[1];
      await page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));
      const bubbles = page.getByTestId('message-bubble');
      const outbound = page.locator('[data-testid="message-bubble"][data-direction="outbound"]');
      const inbound = page.locator('[data-testid="message-bubble"][data-direction="inbound"]');
      await outbound.first().waitFor();
      expect(await textOf(outbound.first().getByTestId('message-body'))).toBe(body);
      // On a timeout: what the API says of the message and what the page shows (a lost update or a slow carrier?).
      const explain = async () => {
        const thread = await apiCall<{ data: Array<{ status: string; direction: string }> }>(session, 'GET', `/v1/conversations/${conversationId}/messages`);
        return `API statuses ${JSON.stringify(thread.json.data.map((m) => `${m.direction}:${m.status}`))}; ${await pageDiagnosis(page)}`;
      };
      const seen = await watchStatus(outbound.first(), 'sent', WAIT, explain);
      server.simulator!.settings.latencyMs = LATENCY_MS;
      await server.simulator!.sweep(true);
      seen.push(...(await watchStatus(outbound.first(), 'delivered', WAIT, explain)).filter((s) => s !== 'sent'));
      expect(seen.length, `statuses seen: ${seen.join(' → ')}`).toBeGreaterThanOrEqual(2);
      expect(seen[seen.length - 1]).toBe('delivered');
      expect(seen.slice(0, -1).every((s) => ['queued', 'sending', 'sent'].includes(s)), seen.join(' → ')).toBe(true);
      await expectText(page.getByTestId('conversation-contact'), '+1 (415) 555-0142');
      await expectText(page.getByTestId('conversation-number'), ourNumber);
      const item = page.getByTestId('conversation-item').filter({ has: page.getByText('+1 (415) 555-0142') });
      await expect.poll(() => item.count()).toBe(1);
      expect(await item.getAttribute('data-active')).toBe('true');

      // The customer answers (simulator panel in the thread): the bubble appears without a reload.
      const sim = page.getByTestId('simulate-reply');
      expect(await sim.getByLabel('Customer number').inputValue()).toBe(CUSTOMER_E164);
      await sim.getByLabel('Customer text').fill('Great, 9am works. Thanks!');
      await sim.getByRole('button', { name: 'Send as customer' }).click();
      await expect.poll(() => inbound.count()).toBe(1);
      expect(await textOf(inbound.first().getByTestId('message-body'))).toBe('Great, 9am works. Thanks!');
      expect(await inbound.first().getByTestId('message-status').count()).toBe(0);
      await expectText(item.getByTestId('conversation-preview'), 'Great, 9am works. Thanks!');

      // A reply from the thread's composer, with the counter switching to UCS-2 for an emoji.
      const composer = page.getByTestId('composer');
      const counter = composer.getByTestId('segment-counter');
      await composer.getByLabel('Message').fill('See you then');
      await expectText(counter, 'GSM-7 · 1 segment · 148 left');
      await composer.getByLabel('Message').fill('See you then 👍');
      await expectText(counter, 'UCS-2 (emoji/special characters) · 1 segment · 55 left');
      expect(await counter.getAttribute('data-encoding')).toBe('UCS-2');
      await composer.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => outbound.count()).toBe(2);
      expect(await composer.getByLabel('Message').inputValue()).toBe('');
      expect(await textOf(outbound.nth(1).getByTestId('message-body'))).toBe('See you then 👍');
      await watchStatus(outbound.nth(1));
      await shot(page, 'inbox-conversation');

      // STOP: the customer is opted out live, gets the (custom) STOP reply once, and texting is blocked.
      await sim.getByLabel('Customer text').fill('STOP');
      await sim.getByRole('button', { name: 'Send as customer' }).click();
      await page.getByTestId('opted-out-alert').waitFor();
      await expectText(page.getByTestId('conversation-consent'), 'Opted out');
      await expect.poll(() => inbound.count()).toBe(2);
      await expectText(inbound.nth(1).getByTestId('keyword-badge'), 'STOP');
      const autoReply = page.locator('[data-testid="message-bubble"][data-direction="outbound"][data-kind="keyword_reply"]');
      await autoReply.waitFor();
      expect(await textOf(autoReply.getByTestId('message-body'))).toBe(STOP_REPLY);
      await watchStatus(autoReply);
      await item.getByTestId('opted-out-badge').waitFor();
      expect(await bubbles.count()).toBe(5);

      // The composer is disabled and says why; the API refuses as well.
      expect(await composer.getByLabel('Message').isDisabled()).toBe(true);
      expect(await composer.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
      expect(await textOf(composer.getByTestId('composer-blocked'))).toMatch(/opted out/);
      const refused = await apiCall(session, 'POST', '/v1/messages', { to: CUSTOMER, body: 'One more thing…' });
      expect(refused.status).toBe(422);
      expect(refused.json.error?.code).toBe('recipient_opted_out');
      const refusedReply = await apiCall(session, 'POST', `/v1/conversations/${conversationId}/messages`, { body: 'One more thing…' });
      expect(refusedReply.status).toBe(422);
      expect(refusedReply.json.error?.code).toBe('recipient_opted_out');
      // The New message dialog says so too.
      await page.getByRole('button', { name: 'New message' }).click();
      await dialog.getByLabel('To').fill(CUSTOMER);
      await dialog.getByLabel('Message').fill('One more thing…');
      await dialog.getByRole('button', { name: 'Send' }).click();
      await dialog.getByText(/^This customer texted STOP/).waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.waitForTimeout(300);
      expect(await bubbles.count()).toBe(5);
      await shot(page, 'inbox-opted-out');

      // Close and reopen.
      await page.getByTestId('conversation-header').getByRole('button', { name: 'Close' }).click();
      await page.getByTestId('conversation-closed').waitFor();
      await expect.poll(() => item.count()).toBe(0);
      await page.getByTestId('conversation-list').getByText('Closed', { exact: true }).click();
      await expect.poll(() => item.count()).toBe(1);
      await page.getByTestId('conversation-header').getByRole('button', { name: 'Reopen' }).click();
      await page.getByTestId('conversation-closed').waitFor({ state: 'detached' });

      // Everything above happened on the one page load.
      expect(await page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);
      expect(pageErrors.get(page) ?? []).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'a text from a new customer (simulated on the list) starts a conversation that shows up in the inbox',
    async () => {
      const session = await signUpViaApi();
      const number = await apiCall<{ phoneNumber: string }>(session, 'POST', '/v1/numbers', { provider: 'simulator' });
      expect(number.status).toBe(201);
      const page = await newPage(session);
      await page.goto('/inbox');
      await page.getByTestId('conversations-empty').waitFor();
      await page.getByRole('button', { name: 'Simulate incoming text' }).click();
      const dialog = page.getByRole('dialog', { name: /Simulate incoming text/ });
      await dialog.getByLabel('Customer number').fill('(512) 555-0199');
      await dialog.getByLabel('Customer text').fill('Hi, do you fix leaking taps?');
      await dialog.getByRole('button', { name: 'Send as customer' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.waitForURL((u) => /^\/inbox\/cv_/.test(u.pathname));
      const inbound = page.locator('[data-testid="message-bubble"][data-direction="inbound"]');
      await inbound.first().waitFor();
      expect(await textOf(inbound.first().getByTestId('message-body'))).toBe('Hi, do you fix leaking taps?');
      const items = page.getByTestId('conversation-item');
      await expect.poll(() => items.count()).toBe(1);
      await expectText(items.first().getByTestId('conversation-title'), '+1 (512) 555-0199');
      await expectText(items.first().getByTestId('conversation-preview'), 'Hi, do you fix leaking taps?');
      expect(await items.first().getByTestId('opted-out-badge').count()).toBe(0);
      expect(pageErrors.get(page) ?? []).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT,
  );
});
