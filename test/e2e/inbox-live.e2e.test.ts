/**
 * Acceptance: the inbox is live for every agent. Two agents (the owner and an invited agent) in
 * two browser contexts against the real server (PGlite, built web app, embedded simulator): a new
 * inbound text, a close and a snooze by one show in the other's list, counts and open thread
 * pushed live, long before the list's 30 s refresh (the DOM is polled with a bound; no fixed sleeps); unread per person in the
 * navigation badge and the tab title; who is viewing and typing; snooze through the header's
 * menu; keyboard shortcuts j / k / e and the "?" overlay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { apiCall, inviteAgentViaApi, type ApiSession, findChromium, launchBrowser, pageDiagnosis, signUpViaApi, startWebServer, watchPageErrors, type WebServer, within } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
if (SKIP) console.warn('browser tests skipped: no Chromium at CHROMIUM_PATH or /usr/bin/chromium');

const WAIT = 15_000;
/**
 * The live goal is a change on the other agent's screen within a second (~0.3–0.6 s on a quiet machine).
 * The bound here proves the change was pushed by the live stream — the list's own refresh is every 30 s
 * (ConversationList LIST_REFRESH_MS) — without failing when CI's own load makes a second into 1.2 s.
 */
const LIVE_MS = 5_000;

const textOf = async (l: Locator) => ((await l.first().textContent()) ?? '').trim();

describe.skipIf(SKIP)('inbox live for two agents in headless Chromium', () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser(CHROMIUM!);
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  }, 60_000);

  const call = <T = Record<string, unknown>>(s: ApiSession, method: string, path: string, body?: unknown) => apiCall<T>(server.base, s, method, path, body);

  /** Invites an agent by email and accepts as them; returns their session. */
  const inviteAgent = async (owner: ApiSession, name: string) => (await inviteAgentViaApi(server, owner, name)).session;

  async function newPage(s: ApiSession): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: server.base });
    context.setDefaultTimeout(WAIT);
    contexts.push(context);
    await context.addCookies(Object.entries(s.cookies).map(([name, value]) => ({ name, value, url: server.base })));
    const page = await context.newPage();
    return { page, errors: watchPageErrors(page) };
  }

  it('shows one agent\'s changes to the other within a second; unread, presence, snooze and shortcuts', async () => {
    const owner = await signUpViaApi(server.base);
    const agent = await inviteAgent(owner, 'Ana Agent');
    const number = await call<{ phoneNumber: string }>(owner, 'POST', '/v1/numbers', { provider: 'simulator', mps: 100 });
    const inbound = async (from: string, body: string) =>
      (await call<{ conversationId: string }>(owner, 'POST', '/v1/simulator/inbound', { from, to: number.phoneNumber, body })).conversationId;
    const a = await inbound('+1 415 555 0101', 'Is my order ready?');

    const { page: p1, errors: e1 } = await newPage(owner);
    const { page: p2, errors: e2 } = await newPage(agent);
    const item = (p: Page, id: string) => p.locator(`[data-testid="conversation-item"][data-conversation-id="${id}"]`);
    const badge = (p: Page) => p.getByTestId('inbox-unread-badge');
    for (const p of [p1, p2]) {
      await p.goto('/inbox');
      await item(p, a).waitFor();
      expect(await item(p, a).getAttribute('data-unread')).toBe('true');
      await expect.poll(() => textOf(badge(p)), { timeout: WAIT }).toBe('1');
      await expect.poll(() => p.title(), { timeout: WAIT }).toBe('(1) Inbox — West Message');
    }

    // Unread is per person: the owner opens it, the agent still has it unread.
    await item(p1, a).click();
    await p1.getByTestId('conversation-actions').waitFor();
    await badge(p1).waitFor({ state: 'detached' });
    await expect.poll(() => p1.title(), { timeout: WAIT }).toBe('Inbox — West Message');
    expect(await item(p1, a).getAttribute('data-unread')).toBeNull();
    expect(await textOf(badge(p2))).toBe('1');

    // Collision: the agent opens it too; each sees the other; the agent types and the owner sees it.
    await item(p2, a).click();
    await expect.poll(() => textOf(p1.getByTestId('presence-text')), { timeout: WAIT }).toBe('Ana Agent is viewing');
    await expect.poll(() => textOf(p2.getByTestId('presence-text')), { timeout: WAIT }).toMatch(/ is viewing$/);
    await p2.getByTestId('composer').locator('textarea').first().fill('Let me check');
    await expect.poll(() => textOf(p1.getByTestId('presence-text')), { timeout: WAIT }).toBe('Ana Agent is typing…');

    // A new text: in both lists, with counts, within a second.
    const openCount = (p: Page) => textOf(p.getByTestId('state-count-open'));
    await expect.poll(() => openCount(p2), { timeout: WAIT }).toBe('1');
    const b = await inbound('+1 415 555 0102', 'Do you open on Sundays?');
    const seenB = await within(LIVE_MS, 'the new conversation in the agent\'s list', async () => (await item(p2, b).count()) === 1 && (await openCount(p2)) === '2');
    await within(LIVE_MS, 'the new conversation in the owner\'s list', async () => (await item(p1, b).count()) === 1);
    expect(seenB).toBeLessThanOrEqual(LIVE_MS);

    // The owner closes A: the agent (who has it open) sees it closed, and it leaves their Open list.
    await p1.getByTestId('action-close').click();
    await within(LIVE_MS, 'the close in the agent\'s thread and list', async () =>
      (await p2.getByTestId('conversation-actions').getAttribute('data-state')) === 'closed' && (await item(p2, a).count()) === 0 && (await openCount(p2)) === '1');

    // Snooze through the header's menu: B leaves the Open list on both screens and shows under Snoozed.
    await item(p1, b).click();
    await p1.waitForURL((u) => u.pathname === `/inbox/${b}`);
    await p1.getByTestId('action-snooze').click();
    await p1.getByTestId('snooze-hour').click();
    await expect.poll(() => p1.getByTestId('conversation-actions').getAttribute('data-state'), { timeout: WAIT }).toBe('snoozed');
    await within(LIVE_MS, 'the snooze in the agent\'s list and counts', async () =>
      (await item(p2, b).count()) === 0 && (await textOf(p2.getByTestId('state-count-snoozed'))) === '1');
    await p2.getByTestId('state-tab-snoozed').click();
    await item(p2, b).waitFor();
    expect(await textOf(item(p2, b).getByTestId('snoozed-until'))).toMatch(/^Until /);
    const detail = await call<{ status: string; snoozedUntil: string }>(owner, 'GET', `/v1/conversations/${b}`);
    expect(detail.status).toBe('snoozed');
    expect(Math.abs(new Date(detail.snoozedUntil).getTime() - Date.now() - 3_600_000)).toBeLessThan(120_000);

    // Keyboard: j / k move through the list, e closes, ? lists the shortcuts.
    const c = await inbound('+1 415 555 0103', 'First');
    const d = await inbound('+1 415 555 0104', 'Second');
    await p1.getByRole('link', { name: /^Inbox/ }).first().click();
    await p1.waitForURL((u) => u.pathname === '/inbox');
    await item(p1, c).waitFor();
    await item(p1, d).waitFor();
    const order = await p1.getByTestId('conversation-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-conversation-id')));
    expect(order.slice(0, 2)).toEqual([d, c]); // most recent first
    await p1.locator('body').press('j');
    await p1.waitForURL((u) => u.pathname === `/inbox/${d}`);
    await p1.locator('body').press('j');
    await p1.waitForURL((u) => u.pathname === `/inbox/${c}`);
    // A key typed the moment the next conversation appears acts on that one (not on the one just
    // left): the page presses "e" from a MutationObserver, i.e. right after the DOM commit and
    // before React's deferred effects — when CI's load stretches that gap, a slow agent's key lands there too.
    await p1.evaluate((id) => {
      const view = () => document.querySelector(`[data-testid="conversation-view"][data-conversation-id="${id}"] [data-testid="conversation-actions"]`);
      const observer = new MutationObserver(() => {
        if (location.pathname !== `/inbox/${id}` || !view()) return;
        observer.disconnect();
        window.dispatchEvent(new KeyboardEvent('keydown', { key: 'e', bubbles: true }));
      });
      observer.observe(document.body, { childList: true, subtree: true });
    }, d);
    await p1.locator('body').press('k');
    await p1.waitForURL((u) => u.pathname === `/inbox/${d}`);
    await within(WAIT, 'the keyboard close', async () => (await p1.getByTestId('conversation-actions').getAttribute('data-state')) === 'closed')
      .catch(async (e: Error) => {
        const [cd, cc] = await Promise.all([d, c].map((id) => call<{ status: string }>(owner, 'GET', `/v1/conversations/${id}`)));
        throw new Error(`${e.message}; API: pressed-on ${cd.status}, left ${cc.status}; ${await pageDiagnosis(p1)}`);
      });
    expect((await call<{ status: string }>(owner, 'GET', `/v1/conversations/${c}`)).status).toBe('open');
    await within(LIVE_MS, 'the keyboard close in the agent\'s counts', async () => (await textOf(p2.getByTestId('state-count-open'))) === '1');
    await p1.locator('body').press('?');
    const help = p1.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const rows = await help.getByTestId('shortcut-row').allTextContents();
    for (const want of ['jNext conversation', 'kPrevious conversation', 'eClose the conversation', 'sSnooze…']) expect(rows).toContain(want);

    expect(e1).toEqual([]);
    expect(e2).toEqual([]);
  }, 180_000);
});
