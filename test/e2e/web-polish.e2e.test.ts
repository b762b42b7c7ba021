/**
 * Issue 11 in headless Chromium, the points the other browser tests leave out:
 * - web polish: the contacts list shows its total and sorts by a column header; tag fields
 *   suggest the tags in use; an agent's Settings → API keys explains keys are for owners and
 *   admins (no "Create API key" form that would fail with 403); a toast never covers Send (wide
 *   and phone width);
 * - the inbox: the search box finds "García" by "garcia" (accents and case aside), the filter
 *   popover narrows by label; the contact side panel shows tags, fields and past conversations;
 *   the new-message box finds a contact by number digits;
 * - keyboard: "/" outside the composer opens the canned-reply picker in the reply box, "s" the
 *   snooze menu (snoozed "until they reply").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { apiCall, findChromium, inviteAgentViaApi, launchBrowser, screenshot, sessionPage, signUpViaApi, startWebServer, type ApiSession, type WebServer } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
if (SKIP) console.warn('browser tests skipped: no Chromium at CHROMIUM_PATH or /usr/bin/chromium');
const WAIT = 30_000; // bounded waits; the shared 2-core machine can be slow

const textOf = async (l: Locator) => ((await l.first().textContent()) ?? '').trim();

/** Two boxes overlap (by more than a pixel each way). */
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
  a.x + 1 < b.x + b.width && b.x + 1 < a.x + a.width && a.y + 1 < b.y + b.height && b.y + 1 < a.y + a.height;

/**
 * Starts watching for a toast saying `text`: once it is on screen and has stopped moving (its
 * entry animation), records where it is and where Send is (scrolled into view) — in the page,
 * so a loaded machine cannot let the toast close (after 3.5 s) before it is measured.
 */
async function watchToast(page: Page, text: string) {
  await page.evaluate((text) => {
    const w = window as unknown as { __toast?: unknown };
    w.__toast = null;
    const box = (r: DOMRect) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
    let last = '';
    let still = 0;
    const frame = () => {
      const toast = [...document.querySelectorAll('.mantine-Notification-root')].find((n) => n.textContent?.includes(text));
      const send = [...document.querySelectorAll('[data-testid="composer"] button')].find((b) => b.textContent?.trim() === 'Send');
      if (toast && send) {
        send.scrollIntoView({ block: 'nearest' });
        const t = box(toast.getBoundingClientRect());
        const key = JSON.stringify(t);
        still = key === last ? still + 1 : 0;
        last = key;
        if (still >= 3) {
          w.__toast = { toast: t, send: box(send.getBoundingClientRect()), viewport: { width: innerWidth, height: innerHeight } };
          return;
        }
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, text);
  type Box = { x: number; y: number; width: number; height: number };
  return async () => {
    await page.waitForFunction(() => (window as unknown as { __toast?: unknown }).__toast, undefined, { timeout: WAIT });
    return page.evaluate(() => (window as unknown as { __toast: { toast: Box; send: Box; viewport: { width: number; height: number } } }).__toast);
  };
}

describe.skipIf(SKIP)('web polish, inbox search, filters, contact panel and shortcuts in headless Chromium', () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const env = {} as { owner: ApiSession; agent: ApiSession; garcia: string; zoe: string; garciaContact: string; refund: string };

  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser(CHROMIUM!);
    const owner = await signUpViaApi(server.base);
    const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => apiCall<T>(server.base, owner, method, path, body);
    const number = await call<{ phoneNumber: string }>('POST', '/v1/numbers', { provider: 'simulator', mps: 100 });
    await call('POST', '/v1/custom-fields', { label: 'Order', key: 'order_no', type: 'text' });
    // Created in this order: Zoë first, García last (the list's default order is newest first).
    await call('POST', '/v1/contacts', { phone: '+1 415 555 0161', firstName: 'Zoë', lastName: 'Zed', tags: ['newsletter'] });
    await call('POST', '/v1/contacts', { phone: '+1 415 555 0162', firstName: 'Bruno', lastName: 'Bell', tags: ['vip', 'newsletter'] });
    const garcia = await call<{ id: string }>('POST', '/v1/contacts', { phone: '+1 415 555 0163', firstName: 'María', lastName: 'García', tags: ['vip'], fields: { order_no: 'A-77' } });
    // García wrote before (a closed conversation) and writes again; Zoë writes too.
    const first = await call<{ conversationId: string }>('POST', '/v1/simulator/inbound', { from: '+1 415 555 0163', to: number.phoneNumber, body: 'Old question about invoices' });
    await call('PATCH', `/v1/conversations/${first.conversationId}`, { status: 'closed' });
    const g = await call<{ conversationId: string }>('POST', '/v1/simulator/inbound', { from: '+1 415 555 0163', to: number.phoneNumber, body: 'Necesito ayuda con mi pedido' });
    const z = await call<{ conversationId: string }>('POST', '/v1/simulator/inbound', { from: '+1 415 555 0161', to: number.phoneNumber, body: 'Where is my refund?' });
    const refund = await call<{ id: string }>('POST', '/v1/labels', { name: 'Refund', color: 'red' });
    await call('PUT', `/v1/conversations/${z.conversationId}/labels`, { labelIds: [refund.id] });
    await call('POST', '/v1/canned-replies', { shortcut: 'thanks', body: 'Thank you {{first_name|there}}!' });
    const agent = (await inviteAgentViaApi(server, owner, 'Ana Agent')).session;
    Object.assign(env, { owner, agent, garcia: g.conversationId, zoe: z.conversationId, garciaContact: garcia.id, refund: refund.id });
  }, 240_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  }, 60_000);

  const newPage = (s: ApiSession, viewport = { width: 1280, height: 860 }) => sessionPage(browser, server.base, s, contexts, { viewport, timeout: WAIT });

  it('contacts: the total, sorting by name, tag suggestions; an agent sees why API keys are not theirs', async () => {
    const { page, errors } = await newPage(env.owner);
    await page.goto('/contacts');
    await page.getByTestId('contact-row').first().waitFor();
    await expect.poll(() => textOf(page.getByTestId('contacts-total')), { timeout: WAIT }).toBe('3 contacts');
    const names = async () => (await page.getByTestId('contact-row').allTextContents()).map((t) => (/(Bruno|María|Zoë)/.exec(t) ?? ['?'])[0]);
    expect(await names()).toEqual(['María', 'Bruno', 'Zoë']); // newest first
    await page.getByTestId('sort-name').click();
    await expect.poll(names, { timeout: WAIT }).toEqual(['Bruno', 'María', 'Zoë']);
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Name');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('name_asc');
    await page.getByTestId('sort-name').click();
    await expect.poll(names, { timeout: WAIT }).toEqual(['Zoë', 'María', 'Bruno']);
    // A filter: the total says how many match.
    await page.goto('/contacts?tag=vip');
    await expect.poll(() => textOf(page.getByTestId('contacts-total')), { timeout: WAIT }).toBe('2 contacts match');

    // Tag fields suggest the tags in use (here: adding a contact).
    await page.goto('/contacts');
    await page.getByRole('button', { name: 'Add contact' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Tags' }).fill('v');
    await page.getByRole('option', { name: 'vip', exact: true }).waitFor();
    expect(await page.getByRole('option', { name: 'newsletter' }).count()).toBe(0); // filtered by what is typed
    await screenshot(page, 'contacts-tag-suggestions');
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);

    // The agent: no form that would fail, the reason instead.
    const { page: agentPage, errors: agentErrors } = await newPage(env.agent);
    await agentPage.goto('/settings/api-keys');
    await agentPage.getByTestId('api-keys-admin-only').waitFor();
    expect(await agentPage.getByRole('button', { name: 'Create API key' }).count()).toBe(0);
    expect(await agentPage.getByLabel('Name').count()).toBe(0);
    expect(agentErrors).toEqual([]);
  }, 180_000);

  it('inbox: accent-insensitive search, the label filter, the contact panel, number lookup, "/" and "s" shortcuts, toasts clear of Send', async () => {
    const { page, errors } = await newPage(env.owner);
    const item = (id: string) => page.locator(`[data-testid="conversation-item"][data-conversation-id="${id}"]`);
    const listed = async () => (await page.getByTestId('conversation-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-conversation-id')))).sort();
    await page.goto('/inbox');
    await item(env.garcia).waitFor();
    await item(env.zoe).waitFor();

    // Search: "garcia" finds García's conversation (name with an accent), "AYUDA" her message.
    const search = page.getByTestId('conversation-search');
    await search.fill('garcia');
    await expect.poll(listed, { timeout: WAIT }).toEqual([env.garcia]);
    await search.fill('AYUDA');
    await expect.poll(listed, { timeout: WAIT }).toEqual([env.garcia]);
    await search.fill('zoe');
    await expect.poll(listed, { timeout: WAIT }).toEqual([env.zoe]);
    await page.getByRole('button', { name: 'Clear search' }).click();
    await expect.poll(listed, { timeout: WAIT }).toEqual([env.garcia, env.zoe].sort());

    // Filters: by label.
    await page.getByTestId('filters-button').click();
    const filters = page.getByTestId('filters-popover');
    await filters.getByRole('textbox', { name: 'Label' }).click();
    await filters.getByRole('option', { name: 'Refund' }).click();
    await expect.poll(listed, { timeout: WAIT }).toEqual([env.zoe]);
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(listed, { timeout: WAIT }).toEqual([env.garcia, env.zoe].sort());
    await filters.getByRole('button', { name: 'Done' }).click();
    await filters.waitFor({ state: 'hidden' });

    // The contact panel beside García's thread: tags, the custom field, her earlier conversation.
    await item(env.garcia).click();
    await page.waitForURL((u) => u.pathname === `/inbox/${env.garcia}`);
    const panel = page.getByTestId('contact-panel');
    await panel.getByTestId('contact-panel-name').getByText('María García').waitFor();
    await panel.getByText('vip', { exact: true }).waitFor();
    await panel.getByText('A-77', { exact: true }).waitFor();
    const past = panel.getByTestId('past-conversation');
    await past.first().waitFor();
    expect(await past.count()).toBe(1);
    expect(await textOf(past)).toContain('Old question about invoices');

    // "/" (focus outside any field) opens the canned-reply picker in the reply box.
    await page.getByTestId('thread').click();
    await page.keyboard.press('/');
    const picker = page.getByTestId('canned-picker');
    await picker.waitFor();
    expect(await textOf(picker.getByTestId('canned-picker-item'))).toContain('Thank you María!');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('composer-input').inputValue(), { timeout: WAIT }).toBe('Thank you María!');
    await page.getByTestId('composer-input').fill('');

    // "s" opens the snooze menu; "Until they reply" snoozes it; the toast is clear of Send.
    await page.getByTestId('thread').click();
    await page.keyboard.press('s');
    await page.getByTestId('snooze-menu').waitFor();
    const wide = await watchToast(page, 'Snoozed until they reply');
    await page.getByTestId('snooze-reply').click();
    await expect.poll(() => page.getByTestId('conversation-actions').getAttribute('data-state'), { timeout: WAIT }).toBe('snoozed');
    const w = await wide();
    expect(w.send.y + w.send.height).toBeLessThanOrEqual(w.viewport.height + 1); // Send is on screen
    expect(overlaps(w.toast, w.send), `the toast covers Send: ${JSON.stringify(w)}`).toBe(false);

    // The new-message box finds a contact by number digits.
    await page.goto('/inbox');
    await page.getByRole('button', { name: 'New message' }).click();
    const to = page.getByRole('dialog').getByTestId('new-message-to');
    await to.fill('5550162');
    await page.getByRole('option', { name: /Bruno Bell/ }).click();
    await expect.poll(() => to.inputValue(), { timeout: WAIT }).toBe('+14155550162');
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);

    // Phone width: a toast (assigning to me) is clear of Send too.
    const { page: phone, errors: phoneErrors } = await newPage(env.owner, { width: 390, height: 844 });
    await phone.goto(`/inbox/${env.zoe}`);
    await phone.getByTestId('assign-button').click();
    const narrow = await watchToast(phone, 'Assigned to you');
    await phone.getByTestId('assign-me').click();
    // Send scrolled into view (the page scrolls at this height), the toast on screen: apart.
    const n = await narrow();
    expect(n.viewport.width).toBe(390);
    expect(n.send.y + n.send.height).toBeLessThanOrEqual(n.viewport.height + 1);
    expect(overlaps(n.toast, n.send), `the toast covers Send at 390 px: ${JSON.stringify(n)}`).toBe(false);
    await screenshot(phone, 'toast-phone');
    expect(phoneErrors).toEqual([]);
  }, 240_000);
});
