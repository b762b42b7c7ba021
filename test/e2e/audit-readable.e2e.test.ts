/**
 * The readable audit log, data retention and the transparency report in headless Chromium:
 * the owner filters the log to one action and sees the contact's name, exports the filtered
 * log as CSV, reads the retention dry run, and anyone reads the public transparency report.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findChromium, pageApi, screenshot, signUpViaApi, useServerAndBrowser, watchPageErrors } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 15_000;

describe.skipIf(SKIP)('readable audit log and retention in headless Chromium', () => {
  const env = useServerAndBrowser();

  it('filters the log, shows names, exports CSV; shows the retention dry run and the transparency report', async () => {
    const owner = await signUpViaApi(env.server.base);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: env.server.base, acceptDownloads: true });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: env.server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const api = pageApi(page, owner);
    await api('/v1/contacts', { phone: '+1 305 555 0180', firstName: 'Grace', lastName: 'Hopper' });

    await page.goto('/audit');
    await page.getByTestId('audit-row').first().waitFor();
    await page.getByLabel('Action').fill('contact.created');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(async () => page.getByTestId('audit-row').count(), { timeout: WAIT }).toBe(1);
    await expect.poll(async () => (await page.getByTestId('audit-row').first().textContent()) ?? '', { timeout: WAIT }).toContain('Grace Hopper');
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(saved.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync((await saved.path())!, 'utf8').trim().split('\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain('Grace Hopper');
    await screenshot(page, 'audit-filtered');

    await page.goto('/settings/retention');
    const preview = page.getByTestId('retention-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('Delete uploaded files');
    await expect.poll(async () => (await preview.textContent()) ?? '', { timeout: WAIT }).toMatch(/0 now/);
    await screenshot(page, 'settings-retention');

    await page.goto('/legal/transparency');
    await page.getByRole('heading', { name: 'Transparency report' }).waitFor();
    await page.getByTestId(/transparency-(empty|table)/).first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
