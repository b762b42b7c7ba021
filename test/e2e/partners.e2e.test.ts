/**
 * Acceptance (issue 11, point 3): a partner agent switches between two clients in headless
 * Chromium, sees only the current client's conversations, and cannot reach a revoked one.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { STRONG_PASSWORD, lastEmailTo, tokenFrom } from '../factories.js';
import { findChromium, useServerAndBrowser, screenshot, signUpViaApi, watchPageErrors, within, type ApiSession } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 15_000;

describe.skipIf(SKIP)('outsourcing partner in headless Chromium', () => {
  const env = useServerAndBrowser();

  async function api<T>(s: ApiSession | null, method: string, path: string, body?: unknown, bearer?: string): Promise<{ status: number; json: T; cookies: Record<string, string> }> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (s) {
      headers.cookie = Object.entries(s.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
      headers['x-csrf-token'] = decodeURIComponent(s.cookies.wm_csrf);
    }
    const res = await fetch(`${env.server.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const cookies: Record<string, string> = {};
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = pair.split('=');
      cookies[name.trim()] = value.join('=');
    }
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T, cookies };
  }
  const ok = async <T>(p: Promise<{ status: number; json: T; cookies: Record<string, string> }>) => {
    const r = await p;
    expect(r.status, JSON.stringify(r.json)).toBeLessThan(300);
    return r;
  };

  /** Accepts the invitation mailed to `email`; the new person's session. */
  async function accept(email: string, name: string): Promise<ApiSession> {
    const token = tokenFrom((await lastEmailTo(env.server.app, email, env.server.config.operatorToken)).text);
    const r = await ok(api(null, 'POST', '/v1/invitations/accept', { token, name, phone: '+14155550188', password: STRONG_PASSWORD }));
    return { cookies: r.cookies, business: '' };
  }

  async function clientWithConversation(marker: string) {
    const s = await signUpViaApi(env.server.base);
    const number = (await ok(api<{ id: string; phoneNumber: string }>(s, 'POST', '/v1/numbers', { provider: 'simulator' }))).json;
    await ok(api(s, 'POST', '/v1/messages', { from: number.phoneNumber, to: '+1 212 555 0177', body: `Hello from ${marker}` }));
    return { s, number };
  }

  const accountName = async (page: Page) => (await page.getByTestId('account-name').textContent())?.trim();
  async function switchToClient(page: Page, name: string) {
    await page.getByTestId('account-switcher').click();
    await page.getByTestId('switch-client').filter({ hasText: name }).click();
    await expect.poll(() => accountName(page), { timeout: WAIT }).toContain(name);
  }
  async function previews(page: Page) {
    await page.goto('/inbox');
    await page.getByTestId('conversation-item').first().waitFor({ timeout: WAIT });
    return (await page.getByTestId('conversation-preview').allTextContents()).join(' | ');
  }

  it('switches between two served clients and cannot reach a revoked one', async () => {
    const alpha = await clientWithConversation('OnlyInAlpha');
    const beta = await clientWithConversation('OnlyInBeta');
    const suffix = Math.random().toString(36).slice(2, 8);
    const partnerName = `Desk ${suffix}`;
    const managerEmail = `mgr-${suffix}@bpo.example.com`;
    const agentEmail = `agent-${suffix}@bpo.example.com`;
    const partner = (await ok(api<{ id: string }>(null, 'POST', '/v1/partners', { name: partnerName, ownerEmail: managerEmail }, env.server.config.operatorToken))).json;
    const manager = await accept(managerEmail, 'Mona Manager');
    await ok(api(manager, 'POST', '/v1/invitations', { email: agentEmail, role: 'agent' }));
    const agentUser = (await ok(api<{ user: { id: string } }>(await accept(agentEmail, 'Pat Agent'), 'GET', '/v1/me'))).json.user;
    const grants: Record<string, string> = {};
    for (const [name, c] of Object.entries({ alpha, beta })) {
      const g = (await ok(api<{ id: string }>(c.s, 'POST', '/v1/partner-grants', { partnerId: partner.id, numberIds: [c.number.id], permissions: ['reply'] }))).json;
      grants[name] = g.id;
      const clientId = (await ok(api<{ account: { id: string } }>(c.s, 'GET', '/v1/me'))).json.account.id;
      await ok(api(manager, 'POST', '/v1/partner/assignments', { userId: agentUser.id, clientId }));
    }

    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: env.server.base });
    context.setDefaultTimeout(WAIT);
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto('/signin');
    await page.getByLabel('Email').fill(agentEmail);
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('account-switcher').waitFor();
    await expect.poll(() => accountName(page)).toBe(partnerName);
    // The partner's own account has no numbers or texts of its own: no "New message", no "Get a number" (both decided by /v1/me, loaded before the page).
    await page.goto('/inbox');
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(await page.getByRole('button', { name: 'New message' }).count()).toBe(0);
    await page.goto('/settings/numbers');
    await page.getByText('it cannot send texts or hold numbers of its own').waitFor();
    expect(await page.getByRole('button', { name: 'Get a number' }).count()).toBe(0);
    // The switcher lists exactly the served clients.
    await page.getByTestId('account-switcher').click();
    expect((await page.getByTestId('switch-client').allTextContents()).sort()).toEqual([alpha.s.business, beta.s.business].sort());
    await page.keyboard.press('Escape');

    // The desk's combined queue: both clients' conversations, live — a new text to Beta shows within a second.
    await page.goto('/partner');
    const queueText = async () => (await page.getByTestId('queue-row').allTextContents()).join(' | ');
    await expect.poll(queueText, { timeout: WAIT }).toMatch(/OnlyInAlpha.*OnlyInBeta|OnlyInBeta.*OnlyInAlpha/);
    expect(await queueText()).toContain(alpha.s.business);
    expect(await queueText()).toContain(beta.s.business);
    await ok(api(beta.s, 'POST', '/v1/simulator/inbound', { from: '+1 212 555 0178', to: beta.number.phoneNumber, body: 'LiveInBeta' }));
    // Pushed by the live stream (a second on a quiet machine); the bound only proves it was not the queue's 60 s refresh, without failing when CI's load stretches a second.
    await within(5_000, 'the new text in the combined queue', async () => (await queueText()).includes('LiveInBeta'));
    await screenshot(page, 'partner-queue');

    await switchToClient(page, alpha.s.business);
    let seen = await previews(page);
    // In a client, the agent answers the conversations the grant covers: no "New message" (a new conversation is not theirs to start),
    // and the navigation offers what the grant reaches — the inbox (and help), none of the client's other pages.
    expect(await page.getByRole('button', { name: 'New message' }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual([expect.stringMatching(/^Inbox/), 'Help & feedback']);
    expect(seen).toContain('OnlyInAlpha');
    expect(seen).not.toContain('OnlyInBeta');
    await screenshot(page, 'partner-in-alpha');

    await switchToClient(page, beta.s.business);
    seen = await previews(page);
    expect(seen).toContain('OnlyInBeta');
    expect(seen).not.toContain('OnlyInAlpha');

    // Beta revokes: the agent's next request ends the access and lands on the partner desk.
    // The page is left first: a background request of the open inbox (its poll or live stream) could
    // otherwise meet the revocation and be redirected to the desk just before the navigation below
    // replaced that page — the access would end correctly but the notice would never be seen.
    await page.goto('about:blank');
    await ok(api(beta.s, 'DELETE', `/v1/partner-grants/${grants.beta}`));
    await page.goto('/inbox');
    await page.getByTestId('partner-access-ended').waitFor({ timeout: WAIT });
    await expect.poll(() => accountName(page), { timeout: WAIT }).toBe(partnerName);
    await page.getByTestId('account-switcher').click();
    expect(await page.getByTestId('switch-client').allTextContents()).toEqual([alpha.s.business]);
    await page.keyboard.press('Escape');
    const betaId = (await ok(api<{ account: { id: string } }>(beta.s, 'GET', '/v1/me'))).json.account.id;
    const forced = await page.request.post('/v1/partner/switch', { data: { accountId: betaId }, headers: { 'x-csrf-token': (await context.cookies()).find((c) => c.name === 'wm_csrf')!.value } });
    expect(forced.status()).toBe(403);
    await screenshot(page, 'partner-revoked');
    // Alpha still works.
    await switchToClient(page, alpha.s.business);
    expect(await previews(page)).toContain('OnlyInAlpha');
    // A canned reply reading a field the grant masks: shown disabled in the "/" picker, and not inserted.
    await ok(api(alpha.s, 'PATCH', `/v1/partner-grants/${grants.alpha}`, { maskedFields: ['name'] }));
    for (const [shortcut, body] of [['hi', 'Hi {{first_name|there}}'], ['thanks', 'Thanks!']]) await ok(api(alpha.s, 'POST', '/v1/canned-replies', { shortcut, body }));
    await page.getByTestId('conversation-item').first().click();
    const input = page.getByTestId('composer-input');
    await input.click();
    await input.pressSequentially('/');
    const items = page.getByTestId('canned-picker').getByTestId('canned-picker-item');
    await expect.poll(() => items.count()).toBe(2);
    const hi = items.filter({ hasText: '/hi' });
    expect(await hi.getAttribute('aria-disabled')).toBe('true');
    expect(await hi.textContent()).toContain('Uses a field hidden from you (name)');
    await input.press('Enter'); // the first entry, the disabled one: nothing is inserted
    expect(await input.inputValue()).toBe('/');
    await items.filter({ hasText: '/thanks' }).click();
    await expect.poll(() => input.inputValue()).toBe('Thanks!');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000); // a loaded machine: two sign-ups, a partner and its people, and a browser session
});
