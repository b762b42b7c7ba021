/**
 * The operator console (issue 13) in headless Chromium: an operator created by an admin signs in
 * with a password, sets up two-factor from the enrolment step (QR code and secret shown), signs in
 * with a TOTP code computed by `otpauth`, finds an account and opens its detail, and adds a note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createOperator } from '../../src/modules/operators/operators.service.js';
import { OPERATOR_PASSWORD, enterCode, signInOperatorInBrowser } from '../operator-fixtures.js';
import { findChromium, launchBrowser, screenshot, signUpViaApi, startWebServer, watchPageErrors, type WebServer } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 30_000;

describe.skipIf(SKIP)('operator console in headless Chromium', () => {
  const env = {} as { server: WebServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startWebServer();
    env.browser = await launchBrowser();
  }, 360_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  }, 60_000);

  it('an operator enrols TOTP, signs in with a code and opens an account\'s detail', async () => {
    const account = await signUpViaApi(env.server.base);
    const email = `console-${Date.now().toString(36)}@platform.example`;
    await createOperator(env.server.ctx, null, { email, name: 'Tess Trust', role: 'trust_safety', password: OPERATOR_PASSWORD });

    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: env.server.base });
    context.setDefaultTimeout(WAIT);
    const page = await context.newPage();
    const errors = watchPageErrors(page);

    // Without an operator session the console sends you to its sign-in page.
    await page.goto('/operator/accounts');
    await page.waitForURL(/\/operator\/signin/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^Password/).fill(OPERATOR_PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    // Enrolment: the QR code and the secret.
    await page.getByTestId('totp-enrolment').waitFor();
    await page.getByRole('img', { name: 'QR code of the two-factor secret' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // A wrong code is refused with a message; the right one opens the console.
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/The code is not correct|This code was used already/).waitFor();
    await enterCode(page, secret);
    await expect.poll(async () => (await page.getByTestId('page-title').textContent())?.trim(), { timeout: WAIT }).toBe('Accounts');
    expect((await page.getByTestId('operator-name').textContent())?.trim()).toBe('Tess Trust');

    // Find the account and open it.
    await page.getByLabel('Search').fill(account.business);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('operator-accounts').getByRole('link', { name: account.business }).click();
    await expect.poll(async () => (await page.getByTestId('page-title').textContent())?.trim(), { timeout: WAIT }).toBe(account.business);
    expect((await page.getByTestId('account-status').textContent())?.trim()).toBe('active');
    await page.getByTestId('operator-members').getByText('owner', { exact: true }).waitFor();
    await page.getByLabel('Add a note').fill('Checked the consent records with the owner.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('operator-notes').getByText('Checked the consent records with the owner.').waitFor();
    await screenshot(page, 'operator-account-detail');

    // The audit log shows the sign-in and the view; the chain verifies.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByTestId('operator-audit').getByText('operator.account_viewed').first().waitFor();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(async () => (await page.getByTestId('audit-verdict').textContent()) ?? '', { timeout: WAIT }).toMatch(/^Chain intact/);

    // Signing out ends the session; signing in again (a new code step) works with the helper.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/operator\/signin/);
    expect((await page.request.get('/v1/operator/me')).status()).toBe(401);
    await signInOperatorInBrowser(page, env.server.base, { email, password: OPERATOR_PASSWORD, secret });
    expect(errors).toEqual([]);
  }, 240_000);
});
