/**
 * Acceptance 4 of issue 9: the hosted sign-up form through to an opted-in contact with evidence.
 * The owner configures the form in Settings; a customer opens the public page in Chromium, enters
 * phone and name, ticks the consent, types the code texted to them (read from the texts the
 * account queued), and the contact's page shows the opt-in with the exact wording and evidence.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findChromium, screenshot, signUpViaApi, useServerAndBrowser, watchPageErrors } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 15_000;
const CUSTOMER = '(415) 555-0177';
const CUSTOMER_E164 = '+14155550177';

describe.skipIf(SKIP)('hosted sign-up form in headless Chromium', () => {
  const env = useServerAndBrowser();

  /** The messages under the fields of a form (inputs and check boxes), by the field's label. */
  const fieldErrors = async (page: Page) =>
    page.locator('.mantine-InputWrapper-root, .mantine-Checkbox-root').evaluateAll((roots) =>
      Object.fromEntries(roots.flatMap((r) => {
        const error = r.querySelector('.mantine-InputWrapper-error, .mantine-Checkbox-error')?.textContent;
        const label = r.querySelector('label')?.textContent?.replace(/\s*\*$/, '').slice(0, 30) ?? '';
        return error ? [[label, error]] : [];
      })));

  it('business sign-up (/signup) shows every problem after one submit: the form\'s own checks, then the API\'s for each field at once', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 }, baseURL: env.server.base });
    page.setDefaultTimeout(WAIT);
    const errors = watchPageErrors(page);
    await page.goto('/signup');
    await page.getByRole('checkbox').first().waitFor();
    await page.getByLabel('Email').fill('not an email');
    await page.locator('input[autocomplete="new-password"]').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    const first = await fieldErrors(page);
    expect(Object.keys(first).sort()).toEqual(['Business name', 'Email', 'I accept the Terms of Service ', 'I have obtained my customers\' ', 'Mobile phone', 'Password', 'Your name'].sort());
    expect(first.Email).toMatch(/valid email/i);
    expect(first.Password).toMatch(/12 characters/);

    // What only the server knows (a throw-away mail domain, a number that does not exist, a common password): all three at once.
    await page.getByLabel('Business name').fill('Acme Plumbing');
    await page.getByLabel('Your name').fill('Ada Owner');
    await page.getByLabel('Email').fill('someone@mailinator.com');
    await page.getByLabel('Mobile phone').fill('+1 123 456 7890');
    await page.locator('input[autocomplete="new-password"]').fill('password1234');
    for (const box of await page.getByRole('checkbox').all()) await box.check();
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(async () => Object.keys(await fieldErrors(page)).sort(), { timeout: WAIT }).toEqual(['Email', 'Mobile phone', 'Password']);
    const second = await fieldErrors(page);
    expect(second.Email).toMatch(/permanent email address/);
    expect(second['Mobile phone']).toMatch(/valid phone number/);
    expect(second.Password).toMatch(/too common/);
    expect(await page.getByTestId('form-error').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('configure the form, sign up on its public page with the texted code, see the opt-in and its evidence on the contact', async () => {
    const { base, ctx } = env.server;
    const owner = await signUpViaApi(base);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const number = await page.request.post('/v1/numbers', { data: { provider: 'simulator' }, headers: { 'x-csrf-token': owner.cookies.wm_csrf } });
    expect(number.status()).toBe(201);

    // The owner configures the form in Settings.
    await page.goto('/settings/signup-form');
    const slug = `e2e-${Date.now().toString(36)}`;
    await page.getByLabel('Address').fill(slug);
    await page.getByLabel('Title').fill('Get Acme deals');
    const wording = await page.getByLabel('Consent wording').inputValue();
    expect(wording).toContain('Reply HELP for help, STOP to opt out.');
    await page.getByRole('button', { name: 'Save form' }).click();
    const link = page.getByTestId('signup-form-url');
    await link.waitFor();
    expect(await link.textContent()).toBe(`${base}/join/${slug}`);
    await page.getByTestId('signup-form-qr').waitFor();
    await screenshot(page, 'signup-form-settings');

    // A customer signs up on the public page.
    const customer = await env.browser.newPage({ viewport: { width: 480, height: 800 } });
    const customerErrors = watchPageErrors(customer);
    await customer.goto(`${base}/join/${slug}`);
    expect(await customer.getByTestId('consent-wording').textContent()).toBe(wording);
    await customer.getByLabel('Mobile number').fill(CUSTOMER);
    await customer.getByLabel('Name (optional)').fill('Grace Hopper');
    await customer.getByRole('button', { name: 'Sign up' }).click();
    // The browser refuses to submit without the box ticked (required); tick it and send.
    expect(customer.url()).toBe(`${base}/join/${slug}`);
    await customer.getByRole('checkbox').check();
    await customer.getByRole('button', { name: 'Sign up' }).click();
    await customer.getByLabel('Code').waitFor();
    const { rows: [text] } = await ctx.database.query<{ body: string }>(`select body from messages where "to" = $1 and direction = 'outbound' order by created_at desc limit 1`, [CUSTOMER_E164]);
    const code = /code is (\d{6})/.exec(text.body)![1];
    await customer.getByLabel('Code').fill(code === '000000' ? '000001' : '000000');
    await customer.getByRole('button', { name: 'Confirm' }).click();
    await customer.getByTestId('join-error').waitFor();
    expect(await customer.getByTestId('join-error').textContent()).toContain('4 tries left');
    await customer.getByLabel('Code').fill(code);
    await customer.getByRole('button', { name: 'Confirm' }).click();
    await customer.getByTestId('join-done').waitFor();
    expect(await customer.getByTestId('join-done').textContent()).toContain('Msg & data rates may apply');
    await screenshot(customer, 'signup-form-done');
    // Embeddable: another site's page shows it in a frame (frame-ancestors allows any site when none are listed).
    // The shop's site: another origin (another loopback port) whose page frames the form.
    const shopSite = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<h1>Acme shop</h1><iframe src="${base}/join/${slug}" width="460" height="600"></iframe>`));
    await new Promise<void>((resolve) => shopSite.listen(0, '127.0.0.1', resolve));
    const shop = await env.browser.newPage();
    await shop.goto(`http://127.0.0.1:${(shopSite.address() as AddressInfo).port}/`);
    expect(await shop.frameLocator('iframe').getByTestId('consent-wording').textContent()).toBe(wording);
    await shop.close();
    await new Promise((resolve) => shopSite.close(resolve));

    // The contact is opted in, with the evidence on its page.
    const contacts = (await (await page.request.get('/v1/contacts')).json()) as { data: Array<{ id: string; phone: string }> };
    const contact = contacts.data.find((c) => c.phone === CUSTOMER_E164)!;
    await page.goto(`/contacts/${contact.id}`);
    const event = page.locator('[data-testid="consent-event"][data-source="web_form"]');
    await event.waitFor();
    expect(await page.getByTestId('consent-state').first().textContent()).toMatch(/opted in/i);
    expect(await event.getByTestId('consent-wording').textContent()).toBe(wording);
    const shown = (await event.textContent()) ?? '';
    for (const part of [`${base}/join/${slug}`, 'Form version', 'IP address', '127.0.0.1', 'Browser', 'Confirmed by']) expect(shown).toContain(part);
    expect(await page.getByRole('heading', { name: 'Grace Hopper' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'signup-form-contact-evidence');

    // Join keywords live next to it, with their QR code.
    await page.goto('/settings/keywords');
    await page.getByLabel('Keyword', { exact: true }).fill('join');
    await page.getByLabel('Program name').fill('Deals');
    await page.getByRole('button', { name: 'Create keyword' }).click();
    const row = page.getByTestId('keyword-row');
    await row.waitFor();
    expect(await row.textContent()).toContain('Msg & data rates may apply');
    await row.getByRole('button', { name: 'QR code' }).click();
    const qr = page.getByTestId('keyword-qr');
    await qr.waitFor();
    await expect.poll(() => qr.evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: WAIT }).toBeGreaterThan(0);
    await screenshot(page, 'keywords-qr');
    await page.keyboard.press('Escape');
    expect(await row.textContent()).toContain('Double opt-in');
    await row.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog').getByLabel(/Double opt-in/).uncheck();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await row.textContent()) ?? '', { timeout: WAIT }).not.toContain('Double opt-in');
    expect([...errors, ...customerErrors]).toEqual([]);
    await customer.close();
    await context.close();
  }, 120_000);
});
