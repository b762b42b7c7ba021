/**
 * Acceptance 4 of issue 10 (privacy page): an end customer proves their number with the code
 * texted to it (read from the texts the account queued) and asks for deletion on the business's
 * public privacy page; the business completes it in its queue; the contact and its texts are gone.
 */
import { describe, expect, it } from 'vitest';
import { findChromium, pageApi, screenshot, signUpViaApi, useServerAndBrowser, watchPageErrors } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 15_000;
const CUSTOMER = '(415) 555-0188';
const CUSTOMER_E164 = '+14155550188';

describe.skipIf(SKIP)('privacy page and request queue in headless Chromium', () => {
  const env = useServerAndBrowser();

  it('a customer verifies by code and asks for deletion; the business completes it; the contact is gone', async () => {
    const { base, ctx } = env.server;
    const owner = await signUpViaApi(base);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const api = pageApi(page, owner);
    const number = await api('/v1/numbers', { provider: 'simulator' });
    const contact = await api('/v1/simulator/inbound', { from: CUSTOMER, to: number.phoneNumber, body: 'Hi, this is Ada' });

    // Settings link to the public page.
    await page.goto('/settings/business');
    const link = page.getByTestId('settings-privacy-page');
    await link.waitFor();
    const url = (await link.textContent())!;
    expect(url).toMatch(new RegExp(`^${base}/privacy/acct_`));

    // The customer, on the public page: number, texted code (one wrong try first), deletion.
    const customer = await env.browser.newPage({ viewport: { width: 480, height: 900 } });
    const customerErrors = watchPageErrors(customer);
    await customer.goto(url);
    await customer.getByLabel('Your mobile number').fill(CUSTOMER);
    await customer.getByRole('button', { name: 'Text me a code' }).click();
    await customer.getByLabel('Code').waitFor();
    const { rows: [text] } = await ctx.database.query<{ body: string }>(`select body from messages where "to" = $1 and direction = 'outbound' order by created_at desc limit 1`, [CUSTOMER_E164]);
    const code = /code is (\d{6})/.exec(text.body)![1];
    await customer.getByLabel('Code').fill(code === '000000' ? '000001' : '000000');
    await customer.getByRole('button', { name: 'Continue' }).click();
    await customer.getByTestId('privacy-error').waitFor();
    expect(await customer.getByTestId('privacy-error').textContent()).toContain('4 tries left');
    await customer.getByLabel('Code').fill(code);
    await customer.getByRole('button', { name: 'Continue' }).click();
    await customer.getByTestId('privacy-deletion').waitFor();
    await customer.getByLabel('Email for the answer (optional)').fill('ada@example.com');
    await customer.getByTestId('privacy-deletion').click();
    await customer.getByTestId('privacy-done').waitFor();
    expect(await customer.getByTestId('privacy-done').textContent()).toContain('deletion request');
    await screenshot(customer, 'privacy-page-deletion');

    // The business completes it in the queue.
    await page.goto('/privacy-requests');
    const row = page.getByTestId('data-request-row').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('Deletion');
    await row.click();
    await page.getByTestId('complete-request').click();
    await page.getByText('Completed', { exact: true }).first().waitFor();
    expect(await page.getByTestId('request-status').textContent()).toBe('Completed');
    await screenshot(page, 'privacy-requests-completed');

    // The contact and every text to or from the number are gone; the number stays suppressed.
    const gone = await page.request.get(`/v1/contacts/${contact.contactId}`);
    expect(gone.status()).toBe(404);
    const { rows: left } = await ctx.database.query(`select 1 from messages where "to" = $1 or "from" = $1 or body like '%this is Ada%'`, [CUSTOMER_E164]);
    expect(left).toEqual([]);
    const send = await page.request.post('/v1/messages', { data: { from: number.phoneNumber, to: CUSTOMER, body: 'Hi' }, headers: { 'x-csrf-token': owner.cookies.wm_csrf } });
    expect((await send.json()).error.code).toBe('recipient_opted_out');
    expect([...errors, ...customerErrors]).toEqual([]);
    await customer.close();
    await context.close();
  });
});
