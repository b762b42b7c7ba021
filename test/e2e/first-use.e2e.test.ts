/**
 * A new business's first texts, export and clean-up walked in headless Chromium at a laptop's
 * (1280×800) and a phone's (390×844) size. What the walk found:
 * - the inbox: in a conversation on a simulator number, the header, the "simulate a customer reply"
 *   panel and the composer took the whole column: the thread — the text just sent — was a strip of
 *   ~30 px showing only the time of the message. The thread keeps room for messages now, and the
 *   column scrolls when there is not enough height for everything.
 * - Settings → Data export on a phone: the list of exports was a five-column table scrolled
 *   sideways: the status read "COMPL…" and "Download ZIP", the point of the page, was off screen.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { apiCall, findChromium, sessionPage, signUpViaApi, useServerAndBrowser } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 30_000;
const SIZES = [{ width: 1280, height: 800 }, { width: 390, height: 844 }];

describe.skipIf(SKIP)('first use in headless Chromium, laptop and phone', () => {
  const env = useServerAndBrowser();
  const contexts: BrowserContext[] = [];
  afterAll(async () => { for (const c of contexts) await c.close().catch(() => {}); });

  for (const viewport of SIZES) {
    it(`${viewport.width}×${viewport.height}: the text just sent is in view in the thread, beside the simulator panel and the composer`, async () => {
      const owner = await signUpViaApi(env.server.base);
      await apiCall(env.server.base, owner, 'POST', '/v1/numbers', { provider: 'simulator' });
      const sent = await apiCall<{ conversationId: string }>(env.server.base, owner, 'POST', '/v1/messages', { to: '+1 415 555 0101', body: 'Hi Ada, your order is ready' });
      const { page, errors } = await sessionPage(env.browser, env.server.base, owner, contexts, { viewport, timeout: WAIT });
      await page.goto(`/inbox/${encodeURIComponent(sent.conversationId)}`);
      await page.getByTestId('simulate-reply').waitFor();
      const bubble = page.getByTestId('message-bubble').filter({ hasText: 'Hi Ada, your order is ready' });
      await bubble.waitFor();
      const thread = await page.getByTestId('thread').boundingBox();
      expect(thread!.height, 'the thread keeps room for messages').toBeGreaterThanOrEqual(119);
      const b = await bubble.boundingBox();
      expect(b!.y, 'the bubble starts inside the thread').toBeGreaterThanOrEqual(thread!.y - 1);
      expect(b!.y + b!.height, 'the bubble ends inside the thread').toBeLessThanOrEqual(thread!.y + thread!.height + 1);
      // The composer stays reachable (the column scrolls when it is short of height).
      const send = page.getByRole('button', { name: 'Send', exact: true });
      await send.scrollIntoViewIfNeeded();
      const s = await send.boundingBox();
      expect(s!.y + s!.height).toBeLessThanOrEqual(viewport.height);
      expect(errors).toEqual([]);
    }, 90_000);
  }

  it('390×844: Settings → Data export shows the status in full and the Download button on screen', async () => {
    const owner = await signUpViaApi(env.server.base);
    const viewport = { width: 390, height: 844 };
    const { page, errors } = await sessionPage(env.browser, env.server.base, owner, contexts, { viewport, timeout: WAIT });
    const r = await page.request.post('/v1/exports', { data: { scope: 'me' }, headers: { 'x-csrf-token': owner.cookies.wm_csrf } });
    expect(r.status()).toBeLessThan(300);
    await page.goto('/settings/data-export');
    const link = page.getByRole('link', { name: /Download ZIP/ });
    await link.waitFor({ timeout: WAIT });
    await link.scrollIntoViewIfNeeded();
    const l = await link.boundingBox();
    expect(l!.x).toBeGreaterThanOrEqual(0);
    expect(l!.x + l!.width, 'Download is on screen').toBeLessThanOrEqual(viewport.width);
    const badge = page.getByTestId('export-row').first().locator('.mantine-Badge-root');
    expect(await badge.evaluate((el) => { const label = el.querySelector('.mantine-Badge-label') ?? el; return label.scrollWidth <= label.clientWidth; }), 'the status is not cut').toBe(true);
    expect(await page.getByTestId('export-row').first().textContent()).toContain('completed');
    expect(errors).toEqual([]);
  }, 90_000);
});
