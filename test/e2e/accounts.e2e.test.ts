/**
 * Acceptance: the accounts area in real headless Chromium against the real server (PGlite, job
 * worker delivering email to the operator outbox, built web app). Everything is driven through the
 * UI; the direct HTTP calls check that the API key the UI showed actually works and, in the tests
 * after the first (which signs up through the UI), make the owner they start from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { CONSENT_ATTESTATION_TEXT } from '../../src/modules/policies/policies.service.js';
import { signUpOverHttp, signupBody } from '../factories.js';
import { findChromium, launchBrowser, screenshot, startWebServer, watchPageErrors, type WebServer } from './browser.js';

const CHROMIUM = findChromium();
const REQUIRE_BROWSER = process.env.REQUIRE_BROWSER === '1';
const SKIP = !CHROMIUM && !REQUIRE_BROWSER;
const SUITE = SKIP
  ? 'accounts in headless Chromium — SKIPPED: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH; REQUIRE_BROWSER=1 makes this a failure)'
  : 'accounts in headless Chromium';
if (SKIP) console.warn(`browser tests skipped: no Chromium at CHROMIUM_PATH or /usr/bin/chromium`);

const PASSWORD = 'violet-harbour-lantern-42';
const NEW_PASSWORD = 'copper-meadow-falcon-87';
const TEAMMATE_PASSWORD = 'quiet-orchard-bicycle-65';
const BROWSER_TEST_TIMEOUT = 90_000;
const WAIT = 15_000;

let seq = 0;
function unique(prefix: string) {
  seq += 1;
  return `${prefix}-${Date.now().toString(36)}${seq}${Math.random().toString(36).slice(2, 6)}`;
}

/** Polls a locator's text until it matches (playwright-core has no web-first assertions). */
async function expectText(locator: Locator, expected: string | RegExp, timeout = WAIT) {
  await locator.first().waitFor({ state: 'visible', timeout });
  await expect
    .poll(async () => ((await locator.first().textContent()) ?? '').trim(), { timeout })
    .toMatch(typeof expected === 'string' ? new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : expected);
}

async function waitForPath(page: Page, path: string) {
  await page.waitForURL((url) => url.pathname === path, { timeout: WAIT });
}

describe.skipIf(SKIP)(SUITE, () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Uncaught errors per page; each test checks its pages have none. */
  const pageErrors = new WeakMap<Page, string[]>();

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('REQUIRE_BROWSER=1 but no Chromium was found (set CHROMIUM_PATH or apt-get install chromium)');
    server = await startWebServer();
    browser = await launchBrowser(CHROMIUM);
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  }, 60_000);

  /** A fresh browser profile (its own cookies and storage) with a desktop viewport. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: server.base });
    context.setDefaultTimeout(WAIT);
    contexts.push(context);
    const page = await context.newPage();
    pageErrors.set(page, watchPageErrors(page));
    return page;
  }
  const errorsOf = (page: Page) => pageErrors.get(page) ?? [];

  interface Owner {
    business: string;
    name: string;
    email: string;
    password: string;
  }

  async function signUp(page: Page): Promise<Owner> {
    const owner: Owner = { business: `Acme Plumbing ${unique('b')}`, name: 'Ada Owner', email: `${unique('owner')}@example.com`, password: PASSWORD };
    await page.goto('/signup');
    await page.getByLabel('Business name').fill(owner.business);
    await page.getByLabel('Legal name').fill('Acme Plumbing LLC');
    await page.getByLabel('Website').fill('https://acme.example');
    await page.getByLabel('Industry').fill('Home services');
    await page.getByLabel('Address').fill('1 Main St, Springfield');
    await page.getByLabel('Your name').fill(owner.name);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Mobile phone').fill('+1 415 555 0134');
    await page.getByLabel('Password').fill(owner.password);
    // The attestation text comes from the server (/v1/policies/current): the checkbox shows once it loaded.
    await page.getByLabel(CONSENT_ATTESTATION_TEXT).check();
    await page.getByLabel('I accept the Terms of Service and Privacy Policy').check();
    await page.getByRole('button', { name: 'Create account' }).click();
    // The same answer for every address: check your email. The account exists once the link is opened.
    await expectText(page.getByTestId('signup-sent'), new RegExp(`We sent a link to ${owner.email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const mail = await page.context().newPage();
    const href = await linkFromOutbox(mail, owner.email, '/signup/confirm');
    await mail.close();
    await page.goto(href);
    await page.getByRole('button', { name: 'Confirm and create my account' }).click();
    await waitForPath(page, '/inbox');
    await expectText(page.getByTestId('account-name'), owner.business);
    return owner;
  }

  /**
   * An owner signed up through the API and signed in in this page's browser profile (its session
   * cookies): for the tests that start past sign-up. The first test signs up through the UI
   * (form, emailed link, confirmation); the others need only an owner, not another UI sign-up.
   */
  async function signUpThroughApi(page: Page): Promise<Owner> {
    const body = signupBody();
    const res = await signUpOverHttp(server.base, server.config.operatorToken, body);
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0].split('=')).map(([name, ...value]) => ({ name: name.trim(), value: value.join('='), url: server.base }));
    expect(cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['wm_session', 'wm_csrf']));
    await page.context().addCookies(cookies);
    await page.goto('/inbox');
    await expectText(page.getByTestId('account-name'), body.business.name);
    return { business: body.business.name, name: body.owner.name, email: body.owner.email, password: body.owner.password };
  }

  async function signIn(page: Page, email: string, password: string) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function signOut(page: Page) {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForPath(page, '/signin');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  }

  async function invite(page: Page, email: string, role: 'Admin' | 'Agent' | 'Viewer') {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await waitForPath(page, '/settings');
    await page.getByRole('tab', { name: 'Team', exact: true }).click();
    await waitForPath(page, '/settings/team');
    // The form appears once the team has loaded; both fields are checked just before submitting.
    await page.getByTestId('invitation-row').or(page.getByText('No pending invitations.')).first().waitFor();
    await page.getByLabel('Role', { exact: true }).click();
    await page.getByRole('option', { name: role }).click();
    await expect.poll(() => page.getByLabel('Role', { exact: true }).inputValue()).toBe(role);
    await page.getByLabel('Email').fill(email);
    await expect.poll(() => page.getByLabel('Email').inputValue()).toBe(email);
    expect(await page.getByLabel('Role', { exact: true }).inputValue()).toBe(role);
    // The POST's answer is awaited with the click, so a refused or missing request fails here with its reason.
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/invitations', { timeout: WAIT }),
      page.getByRole('button', { name: 'Invite', exact: true }).click(),
    ]);
    expect(answer.status(), await answer.text()).toBe(201);
    const row = page.getByTestId('invitation-row').filter({ hasText: email });
    await row.waitFor();
    await expectText(row.locator('.mantine-Badge-root'), role);
  }

  /**
   * Opens the operator outbox in this page, waits until the job worker delivered the email to
   * `to` that carries a `path?token=` link, and returns that link.
   */
  async function linkFromOutbox(page: Page, to: string, path: string): Promise<string> {
    await page.goto('/operator/outbox');
    await expectText(page.getByTestId('page-title'), 'Email outbox');
    await page.getByLabel('Operator token').fill(server.config.operatorToken);
    await page.getByRole('button', { name: 'Show emails' }).click();
    const email = page.getByTestId('outbox-email').filter({ hasText: `To ${to}` }).filter({ has: page.locator(`a[href*="${path}?token="]`) });
    const delivered = email.filter({ has: page.getByText('outbox', { exact: true }) });
    const deadline = Date.now() + 20_000;
    while ((await delivered.count()) === 0) {
      if (Date.now() > deadline) throw new Error(`no delivered email to ${to} in the outbox after 20 s`);
      await page.waitForTimeout(250);
      const refresh = page.getByRole('button', { name: 'Refresh' });
      if (await refresh.isEnabled()) await refresh.click();
    }
    expect(await delivered.count()).toBe(1);
    const link = delivered.locator(`a[href*="${path}?token="]`);
    expect(await link.count()).toBe(1);
    const href = (await link.getAttribute('href'))!;
    // PUBLIC_URL is the server's real origin, so the emailed link points right back at it.
    expect(href).toMatch(new RegExp(`^${server.base.replace(/\./g, '\\.')}${path}\\?token=[A-Za-z0-9_-]+$`));
    expect(await link.textContent()).toBe(href);
    return href;
  }

  it(
    'signs up a business, signs out, signs in, invites a teammate, creates an API key and reads the audit log',
    async () => {
      const page = await newPage();

      // Sign up: lands in the app shell with the business in the header.
      const owner = await signUp(page);
      await expectText(page.getByTestId('user-name'), owner.name);
      await expectText(page.getByTestId('user-role'), 'Owner');
      await expectText(page.getByTestId('page-title'), 'Inbox');
      await screenshot(page, 'app-shell');

      // Sign out: back on the sign-in page, and the app no longer lets us in.
      await signOut(page);
      await page.goto('/settings');
      await waitForPath(page, '/signin');

      // Sign in.
      await signIn(page, owner.email, owner.password);
      await waitForPath(page, '/inbox');
      await expectText(page.getByTestId('account-name'), owner.business);

      // Invite a teammate.
      const teammate = `${unique('agent')}@example.com`;
      await invite(page, teammate, 'Agent');

      // Create an API key: shown once, and it really authenticates against the API.
      await page.getByRole('tab', { name: 'API keys' }).click();
      await waitForPath(page, '/settings/api-keys');
      const keyName = 'Website contact form';
      await page.getByLabel('Name', { exact: true }).fill(keyName);
      await page.getByRole('button', { name: 'Create API key' }).click();
      const keyValue = page.getByTestId('api-key-value');
      await expectText(keyValue, /^wm_\S+$/);
      const key = ((await keyValue.textContent()) ?? '').trim();
      await page.getByRole('button', { name: 'Done' }).click();
      await keyValue.waitFor({ state: 'detached' });
      const keyRow = page.getByTestId('api-key-row').filter({ hasText: keyName });
      await keyRow.waitFor();
      expect(await keyRow.textContent()).not.toContain(key); // only the prefix is listed

      const me = await fetch(`${server.base}/v1/me`, { headers: { authorization: `Bearer ${key}` } });
      expect(me.status).toBe(200);
      const meBody = (await me.json()) as { account: { name: string } };
      expect(meBody.account.name).toBe(owner.business);

      // Read the audit log and verify the chain.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
      await waitForPath(page, '/audit');
      await expectText(page.getByTestId('page-title'), 'Audit log');
      const rows = page.getByTestId('audit-row');
      await rows.first().waitFor();
      const actions = await rows.locator('code').allTextContents();
      for (const action of ['account.created', 'auth.logout', 'auth.login_succeeded', 'invitation.created', 'api_key.created']) {
        expect(actions).toContain(action);
      }
      // Newest first.
      expect(actions.indexOf('api_key.created')).toBeLessThan(actions.indexOf('invitation.created'));
      expect(actions.indexOf('invitation.created')).toBeLessThan(actions.indexOf('account.created'));
      const invitedRow = rows.filter({ hasText: 'invitation.created' });
      expect(await invitedRow.textContent()).toContain(owner.email); // the actor is the owner

      await page.getByRole('button', { name: 'Verify integrity' }).click();
      await expectText(page.getByTestId('verify-result'), /^Chain intact — \d+ events checked$/);
      const checked = Number(/(\d+) events/.exec((await page.getByTestId('verify-result').textContent()) ?? '')?.[1]);
      expect(checked).toBeGreaterThanOrEqual(actions.length);
      await screenshot(page, 'audit');

      expect(errorsOf(page)).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'the invited teammate accepts the invitation through the link in the operator outbox',
    async () => {
      const ownerPage = await newPage();
      const owner = await signUpThroughApi(ownerPage);
      const teammateEmail = `${unique('admin')}@example.com`;
      await invite(ownerPage, teammateEmail, 'Admin');

      // The teammate's own browser: read the emailed link from the operator outbox, follow it.
      const page = await newPage();
      const href = await linkFromOutbox(page, teammateEmail, '/invite');
      await page.locator(`a[href="${href}"]`).click();
      await page.waitForURL(href);
      await page.getByRole('heading', { name: `Join ${owner.business}` }).waitFor();
      await page.getByText('You’ve been invited to West Message as an admin.').waitFor();
      expect(await page.getByLabel('Email').inputValue()).toBe(teammateEmail);
      await screenshot(page, 'invite');

      await page.getByLabel('Name', { exact: true }).fill('Tom Teammate');
      await page.getByLabel('Mobile phone').fill('+1 415 555 0177');
      await page.getByLabel('Password').fill(TEAMMATE_PASSWORD);
      await page.getByRole('button', { name: 'Accept invitation' }).click();

      // Signed in, in the owner's business, with the invited role.
      await waitForPath(page, '/inbox');
      await expectText(page.getByTestId('account-name'), owner.business);
      await expectText(page.getByTestId('user-name'), 'Tom Teammate');
      await expectText(page.getByTestId('user-role'), 'Admin');
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Settings' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0); // owner only

      // The owner now sees a member instead of a pending invitation.
      await ownerPage.reload();
      const member = ownerPage.getByTestId('member-row').filter({ hasText: teammateEmail });
      await member.waitFor();
      expect(await member.textContent()).toContain('Tom Teammate');
      await ownerPage.getByText('No pending invitations.').waitFor();
      expect(await ownerPage.getByTestId('invitation-row').count()).toBe(0);

      // The link cannot be used twice.
      const again = await newPage();
      await again.goto(href);
      await again.getByText('This invitation can’t be used').waitFor();

      expect([...errorsOf(ownerPage), ...errorsOf(page), ...errorsOf(again)]).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'the owner changes their email: a link goes to the new address and the login changes once it is opened',
    async () => {
      const page = await newPage();
      const owner = await signUpThroughApi(page);
      const newEmail = `${unique('moved')}@example.com`;
      await page.goto('/settings');
      await page.getByLabel('Email').fill(newEmail);
      await page.getByLabel('Current password').first().fill(owner.password); // the profile form's (the password form below has one too)
      await page.getByRole('button', { name: 'Save' }).first().click();
      await expectText(page.getByTestId('email-pending'), new RegExp(`confirmation link to ${newEmail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(await page.getByLabel('Email').inputValue()).toBe(owner.email); // not applied yet

      const mail = await page.context().newPage();
      const href = await linkFromOutbox(mail, newEmail, '/confirm-email');
      await mail.close();
      await page.goto(href);
      await page.getByRole('button', { name: 'Use this email address' }).click();
      await expectText(page.getByTestId('email-changed'), `Your login now uses ${newEmail}. Sign in with it from now on.`);
      await page.goto('/settings');
      await expect.poll(() => page.getByLabel('Email').inputValue(), { timeout: WAIT }).toBe(newEmail);
      expect(errorsOf(page)).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'the owner resets a forgotten password through the emailed link',
    async () => {
      const page = await newPage();
      const owner = await signUpThroughApi(page);
      // Still signed in on another device: the reset must end that session too.
      const otherDevice = await newPage();
      await otherDevice.goto('/signin');
      await signIn(otherDevice, owner.email, owner.password);
      await waitForPath(otherDevice, '/inbox');
      await signOut(page);

      await page.getByRole('link', { name: 'Forgot password?' }).click();
      await waitForPath(page, '/forgot-password');
      await page.getByLabel('Email').fill(owner.email);
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await page.getByTestId('reset-requested').waitFor();

      const mail = await page.context().newPage();
      const href = await linkFromOutbox(mail, owner.email, '/reset-password');
      await screenshot(mail, 'outbox');
      await mail.close();

      await page.goto(href);
      await page.getByRole('heading', { name: 'Set a new password' }).waitFor();
      await page.getByLabel('New password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Set new password' }).click();
      await waitForPath(page, '/signin');
      await expectText(page.getByTestId('signin-notice'), 'Your password has been changed. Sign in with your new password.');

      // The old password no longer works…
      await signIn(page, owner.email, owner.password);
      await page.getByTestId('form-error').waitFor();
      expect(new URL(page.url()).pathname).toBe('/signin');
      expect(await page.getByTestId('account-name').count()).toBe(0);

      // …the new one does.
      await signIn(page, owner.email, NEW_PASSWORD);
      await waitForPath(page, '/inbox');
      await expectText(page.getByTestId('account-name'), owner.business);

      // The session on the other device ended with the reset.
      await otherDevice.goto('/settings');
      await waitForPath(otherDevice, '/signin');

      // The audit log tells the story.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
      await waitForPath(page, '/audit');
      const rows = page.getByTestId('audit-row');
      await rows.first().waitFor();
      const actions = await rows.locator('code').allTextContents();
      expect(actions.slice(0, 4)).toEqual(['auth.login_succeeded', 'auth.login_failed', 'auth.password_reset', 'auth.password_reset_requested']);

      // The reset link was single-use.
      const again = await newPage();
      await again.goto(href);
      await again.getByLabel('New password').fill('another-strong-passphrase-19');
      await again.getByRole('button', { name: 'Set new password' }).click();
      await again.getByTestId('form-error').waitFor();
      expect(new URL(again.url()).pathname).toBe('/reset-password');

      expect([...errorsOf(page), ...errorsOf(otherDevice), ...errorsOf(again)]).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT,
  );
});
