/**
 * Acceptance (issue 7, point 5): a person with memberships in two accounts signs in, switches
 * between them in real headless Chromium, and sees only the current account's data.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { lastEmailTo, tokenFrom } from '../factories.js';
import { findChromium, useServerAndBrowser, screenshot, signUpViaApi, watchPageErrors, type ApiSession } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 15_000;
const PASSWORD = 'violet-harbour-lantern-42'; // signupBody's owner password

describe.skipIf(SKIP)('account switching in headless Chromium', () => {
  const env = useServerAndBrowser();

  async function api<T>(s: ApiSession | null, method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (s) {
      headers.cookie = Object.entries(s.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
      headers['x-csrf-token'] = decodeURIComponent(s.cookies.wm_csrf);
    }
    const res = await fetch(`${env.server.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    expect(res.ok, `${method} ${path}: ${res.status} ${text}`).toBe(true);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function contactNames(page: Page) {
    await page.goto('/contacts');
    await page.getByTestId('contact-row').first().waitFor({ timeout: WAIT });
    return (await page.getByTestId('contact-row').allTextContents()).join(' | ');
  }

  it('signs in, switches accounts from the header and sees only the current account\'s contacts', async () => {
    const alpha = await signUpViaApi(env.server.base);
    const beta = await signUpViaApi(env.server.base);
    const email = (await api<{ user: { email: string } }>(alpha, 'GET', '/v1/me')).user.email;
    await api(alpha, 'POST', '/v1/contacts', { phone: '+14155550161', firstName: 'Alfred', lastName: 'OnlyInAlpha' });
    await api(beta, 'POST', '/v1/contacts', { phone: '+14155550162', firstName: 'Bettina', lastName: 'OnlyInBeta' });
    // Beta invites Alpha's owner, who joins with the password of the login they already have.
    await api(beta, 'POST', '/v1/invitations', { email, role: 'agent' });
    const token = tokenFrom((await lastEmailTo(env.server.app, email, env.server.config.operatorToken)).text);
    await api(null, 'POST', '/v1/invitations/accept', { token, password: PASSWORD });

    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: env.server.base });
    context.setDefaultTimeout(WAIT);
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('account-switcher').waitFor();
    await expect.poll(async () => (await page.getByTestId('account-name').textContent())?.trim()).toBe(alpha.business);

    let names = await contactNames(page);
    expect(names).toContain('OnlyInAlpha');
    expect(names).not.toContain('OnlyInBeta');

    await page.getByTestId('account-switcher').click();
    await page.getByTestId('switch-account').filter({ hasText: beta.business }).click();
    await expect.poll(async () => (await page.getByTestId('account-name').textContent())?.trim(), { timeout: WAIT }).toBe(beta.business);
    names = await contactNames(page);
    expect(names).toContain('OnlyInBeta');
    expect(names).not.toContain('OnlyInAlpha');
    await screenshot(page, 'account-switched');

    // And back.
    await page.getByTestId('account-switcher').click();
    await page.getByTestId('switch-account').filter({ hasText: alpha.business }).click();
    await expect.poll(async () => (await page.getByTestId('account-name').textContent())?.trim(), { timeout: WAIT }).toBe(alpha.business);
    names = await contactNames(page);
    expect(names).toContain('OnlyInAlpha');
    expect(names).not.toContain('OnlyInBeta');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
