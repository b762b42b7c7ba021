/**
 * Issue 11, acceptance point 4 and the inbox contact features, in headless Chromium:
 * - at phone width (390 px) the inbox, a conversation, contacts, settings (also the SLA tab's business hours), help, the privacy
 *   request queue and the settings tabs and other pages of the menu fit the screen (long URLs wrap):
 *   no horizontal scroll of the page and no element reaching past the viewport (tables scroll
 *   inside their own box; the header keeps to one line, its menu in the burger drawer).
 *   Screenshots go to test-results/mobile/ (git-ignored).
 * - the contact side panel names an unknown number on the spot; "Message" on a contact's page
 *   opens the new-message box prefilled; the box finds contacts by name; offline, the app says so
 *   and Send is disabled; a link in an outgoing bubble is not blue on blue.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { findChromium, launchBrowser, pageApi, signUpViaApi, startWebServer, watchPageErrors, type ApiSession, type WebServer } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 30_000; // bounded waits; the shared 2-core machine can be slow
const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'mobile');
const PHONE = { width: 390, height: 844 };

/** What sticks out of the viewport: the page's own horizontal scroll, and elements not clipped by a scrolling box inside it. */
async function overflowOf(page: Page) {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    const vw = document.documentElement.clientWidth;
    const clippedInside = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX) && a.getBoundingClientRect().right <= vw + 1) return true;
      }
      return false;
    };
    const wide: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if ((r.right > vw + 1 || r.width > vw + 1) && r.left < vw && !clippedInside(el)) {
        const id = el.getAttribute('data-testid') ?? (el.className && typeof el.className === 'string' ? el.className.split(' ')[0] : '');
        wide.push(`${el.tagName.toLowerCase()}${id ? `.${id}` : ''} (${Math.round(r.left)}–${Math.round(r.right)} px)`);
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 10) };
  });
}

async function checkPage(page: Page, path: string, ready: (p: Page) => Promise<unknown>, name: string) {
  await page.goto(path);
  await ready(page);
  await page.evaluate(() => document.fonts?.ready);
  const o = await overflowOf(page);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  expect(o.wide, `${path}: elements past the right edge`).toEqual([]);
  expect(o.scrollWidth, `${path}: the page scrolls sideways`).toBeLessThanOrEqual(o.clientWidth);
}

describe.skipIf(SKIP)('phone width and inbox contact features in headless Chromium', () => {
  const env = {} as { server: WebServer; browser: Browser; owner: ApiSession; conversationId: string; contactId: string };
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env.server = await startWebServer();
    env.browser = await launchBrowser();
    env.owner = await signUpViaApi(env.server.base);
    // Data for every test: a number, named contacts with tags, and a text to an unknown number (an unnamed contact) with a link.
    const { context, page } = await newPage(PHONE);
    const api = pageApi(page, env.owner);
    await api('/v1/numbers', { provider: 'simulator' });
    for (let i = 0; i < 3; i++) await api('/v1/contacts', { phone: `+1 415 555 01${50 + i}`, firstName: `Customer${i} with a rather long first name`, tags: ['vip', 'newsletter-subscriber', `t${i}`] });
    // A campaign with a long name and text (a draft: its actions shown), for the campaigns list.
    await api('/v1/campaigns', { name: 'Spring sale for our most loyal newsletter subscribers', body: 'Hi {{first_name|there}}, 20% off everything in the store today only: https://example.com/spring-sale', audience: { tags: ['vip'] } });
    const sent = await api('/v1/messages', { to: '+1 415 555 0199', body: 'Your order is ready: https://example.com/orders/12345?ref=sms' });
    env.conversationId = sent.conversationId;
    env.contactId = (await api(`/v1/conversations/${sent.conversationId}`)).contact.id;
    // A privacy request logged by email 40 days ago (overdue: the widest row of the queue).
    await api('/v1/data-requests', { type: 'opt_out', channel: 'email', regime: 'gdpr', email: 'someone.with.a.rather.long.address@example-company.com', receivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    await context.close();
  }, 360_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  }, 60_000);

  async function newPage(viewport: { width: number; height: number }) {
    const context = await env.browser.newContext({ viewport, baseURL: env.server.base });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(env.owner.cookies).map(([name, value]) => ({ name, value, url: env.server.base })));
    const page = await context.newPage();
    return { context, page, errors: watchPageErrors(page) };
  }

  it('the inbox, a conversation, contacts, settings and help fit a 390 px screen', async () => {
    const { context, page, errors } = await newPage(PHONE);

    await checkPage(page, '/inbox', (p) => p.getByTestId('page-title').waitFor(), 'inbox');
    // The header keeps to one line: the role badge and sign-out moved into the burger drawer.
    expect(await page.getByTestId('user-role').isVisible()).toBe(false);
    await page.getByTestId('nav-burger').click();
    await page.getByTestId('drawer-account').getByRole('button', { name: 'Sign out' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'inbox-drawer.png') });
    await checkPage(page, `/inbox/${env.conversationId}`, (p) => p.getByTestId('conversation-view').waitFor(), 'conversation');
    await checkPage(page, '/contacts', (p) => p.getByTestId('contact-row').first().waitFor(), 'contacts');
    await checkPage(page, `/contacts/${env.contactId}`, (p) => p.getByTestId('message-contact').waitFor(), 'contact');
    await checkPage(page, '/settings', (p) => p.getByTestId('page-title').waitFor(), 'settings');
    await checkPage(page, '/settings/api-keys', (p) => p.getByTestId('page-title').waitFor(), 'settings-api-keys');
    await checkPage(page, '/settings/sla', (p) => p.getByTestId('business-hours').waitFor(), 'settings-sla');
    await checkPage(page, '/help', (p) => p.getByTestId('page-title').waitFor(), 'help');
    // The long address of the business's privacy page wraps (it made both pages scroll sideways).
    await checkPage(page, '/privacy-requests', (p) => Promise.all([p.getByTestId('privacy-page-link').waitFor(), p.getByTestId('data-request-row').waitFor()]), 'privacy-requests');
    await checkPage(page, '/settings/business', (p) => p.getByTestId('settings-privacy-page').waitFor(), 'settings-business');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('the other pages and settings tabs fit a 390 px screen', async () => {
    const { context, page, errors } = await newPage(PHONE);
    // The simulator connection's webhook URLs (long, unbroken) wrap inside their card.
    await checkPage(page, '/settings/carriers', (p) => p.getByTestId('connection-webhook-urls').waitFor(), 'settings-carriers');
    const loaded = async (p: Page) => {
      await p.getByRole('heading', { level: 2 }).first().waitFor(); // the page's title (PageHeader's page-title, or its own)
      await expect.poll(() => p.locator('.mantine-Loader-root').count(), { timeout: WAIT }).toBe(0);
    };
    // The campaigns list with a campaign in it (it was checked empty; a row made the page scroll sideways).
    await checkPage(page, '/campaigns', (p) => p.getByTestId('campaign-row').first().waitFor(), 'campaigns-list');
    const pages = ['/billing', '/analytics', '/reports', '/sla', '/campaigns/new', '/contacts/import', '/contacts/imports', '/contacts/segments', '/audit', '/account/notices'];
    const tabs = ['security', 'team', 'partners', 'teams', 'webhooks', 'numbers', 'fields', 'keywords', 'inbox', 'signup-form', 'links', 'campaigns', 'data-export', 'retention', 'transfers', 'subprocessors', 'account'];
    for (const path of [...pages, ...tabs.map((t) => `/settings/${t}`)]) await checkPage(page, path, loaded, path.slice(1).replaceAll('/', '-'));
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('the contact panel names an unknown number; "Message" prefills the new-message box, which finds contacts by name', async () => {
    const { context, page, errors } = await newPage(PHONE);
    await page.goto(`/inbox/${env.conversationId}`);
    await page.getByTestId('conversation-view').waitFor().catch(async (e) => {
      await page.screenshot({ path: join(SHOTS, 'conversation-failure.png') });
      throw new Error(`${(e as Error).message}\n${(await page.textContent('body'))?.slice(0, 500)}\n${errors.join('\n')}`);
    });
    // Phone width: the panel opens in a drawer; an unnamed contact opens into naming it.
    await page.getByTestId('open-contact-panel').click();
    const panel = page.getByRole('dialog').getByTestId('contact-panel');
    expect((await panel.getByTestId('contact-panel-name').textContent())?.trim()).toBe('Unnamed contact');
    expect((await panel.getByTestId('contact-panel-consent').textContent())?.trim()).toBeTruthy();
    const edit = panel.getByTestId('contact-quick-edit');
    await edit.getByLabel('First name').fill('Rosalía');
    await edit.getByLabel('Last name').fill('Núñez');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await panel.getByTestId('contact-panel-name').textContent())?.trim(), { timeout: WAIT }).toBe('Rosalía Núñez');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await page.getByTestId('conversation-contact').textContent())?.trim(), { timeout: WAIT }).toBe('Rosalía Núñez');
    await page.screenshot({ path: join(SHOTS, 'contact-panel.png') });
    await context.close();

    const wide = await newPage({ width: 1440, height: 900 });
    const p = wide.page;
    // Wide screen: the panel sits beside the thread; the link in the outgoing bubble is the bubble's text colour.
    await p.goto(`/inbox/${env.conversationId}`);
    await p.getByTestId('contact-panel').getByTestId('contact-panel-name').getByText('Rosalía Núñez').waitFor().catch(async (e) => {
      await p.screenshot({ path: join(SHOTS, 'wide-panel-failure.png') });
      throw e;
    });
    const link = p.locator('.wm-bubble-out a').first();
    await link.waitFor();
    const [linkColor, bubbleColor] = await link.evaluate((a) => [getComputedStyle(a).color, getComputedStyle(a.closest('.wm-bubble-out')!).color]);
    expect(linkColor).toBe(bubbleColor);

    // Offline: the header says so, "Live" goes, and Send is disabled with the reason.
    await wide.context.setOffline(true);
    await p.getByTestId('offline-badge').waitFor();
    await p.getByTestId('offline-alert').waitFor();
    expect(await p.getByTestId('stream-state').count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    await p.getByText('You are offline: sending resumes when the connection is back.').waitFor();
    await wide.context.setOffline(false);
    await p.getByTestId('offline-badge').waitFor({ state: 'detached' });

    // "Message" on a contact's page opens the new-message box with the number in it.
    const contacts = (await (await p.request.get('/v1/contacts?query=Customer1')).json()).data as Array<{ id: string; phone: string }>;
    await p.goto(`/contacts/${contacts[0].id}`);
    await p.getByTestId('message-contact').click();
    const to = p.getByRole('dialog').getByTestId('new-message-to');
    await expect.poll(async () => to.inputValue(), { timeout: WAIT }).toBe(contacts[0].phone);
    // The box looks contacts up by name (accents and case aside: the server's search).
    await to.fill('rosal');
    await p.getByRole('option', { name: /Rosalía Núñez/ }).click();
    await expect.poll(async () => to.inputValue(), { timeout: WAIT }).toBe('+14155550199');
    await p.getByText('Texting Rosalía Núñez').waitFor();
    await p.keyboard.press('Escape');

    // The segment editor: Enter in the name field does not save; a taken name is shown on the field.
    await p.goto('/contacts/segments');
    await p.getByRole('button', { name: 'New segment' }).click();
    const editor = p.getByTestId('segment-editor');
    await editor.getByLabel('Segment name').fill('Everyone');
    await editor.getByLabel('Segment name').press('Enter');
    await editor.getByRole('button', { name: 'Save segment' }).waitFor();
    expect((await (await p.request.get('/v1/segments')).json()).data).toEqual([]);
    await editor.getByRole('button', { name: 'Save segment' }).click();
    await editor.waitFor({ state: 'detached' });
    await p.getByRole('button', { name: 'New segment' }).click();
    await p.getByTestId('segment-editor').getByLabel('Segment name').fill('everyone');
    await p.getByTestId('segment-editor').getByRole('button', { name: 'Save segment' }).click();
    await p.getByTestId('segment-editor').getByText('A segment named "everyone" already exists. Choose another name.').waitFor();
    expect([...errors, ...wide.errors]).toEqual([]);
    await wide.context.close();
  }, 300_000);
});
