/**
 * Error banners say what went wrong in words for people (web/src/fieldIssue.ts humanError through
 * errorMessage), not the API's text for developers: a schema refusal used to show "Invalid request:
 * body.shortcut Too big: expected string to have <=41 characters" in the banner of Settings → Inbox
 * → Canned replies, and "Invalid request: body.tags.0 Too big: …" in the Add contact dialog. A conflict whose
 * API words are for people keeps them.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, sessionPage, signUpViaApi, useServerAndBrowser } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 15_000;
const RAW = /Invalid request|body\.|Too small|Too big|expected string|>=|<=/;

describe.skipIf(SKIP)('error banners in headless Chromium', () => {
  const env = useServerAndBrowser();
  const contexts: BrowserContext[] = [];
  afterAll(async () => { for (const c of contexts) await c.close().catch(() => {}); });

  it('Settings → Inbox: a canned reply shortcut longer than the API keeps; label refusals written for people keep their words', async () => {
    const owner = await signUpViaApi(env.server.base);
    const { page, errors } = await sessionPage(env.browser, env.server.base, owner, contexts, { viewport: { width: 1280, height: 800 }, timeout: WAIT });
    await page.goto('/settings/inbox');
    await page.getByLabel('Shortcut').fill('thanks-for-your-order-it-ships-today-from-us');
    await page.getByLabel('Reply').fill('Thanks! Your order ships today.');
    await page.getByRole('button', { name: 'Add canned reply' }).click();
    const canned = page.locator('form', { has: page.getByLabel('Shortcut') }).getByRole('alert');
    await canned.waitFor();
    const shown = (await canned.textContent()) ?? '';
    expect(shown).not.toMatch(RAW);
    expect(shown).toBe('Shortcut must be at most 41 characters.');

    const section = page.getByTestId('labels-section');
    await section.getByRole('button', { name: 'Add label' }).click();
    await expect.poll(async () => (await section.getByRole('alert').textContent()) ?? '', { timeout: WAIT }).toBe('Give the label a name.');
    await section.getByLabel('New label').fill('Refund');
    await section.getByRole('button', { name: 'Add label' }).click();
    await section.getByText('Refund', { exact: true }).waitFor();
    await section.getByLabel('New label').fill('Refund');
    await section.getByRole('button', { name: 'Add label' }).click();
    await expect.poll(async () => (await section.getByRole('alert').textContent()) ?? '', { timeout: WAIT }).toBe('A label with this name already exists.');
    expect(errors).toEqual([]);
  }, 60_000);

  it('Contacts → Add contact: a tag longer than the API keeps', async () => {
    const owner = await signUpViaApi(env.server.base);
    const { page, errors } = await sessionPage(env.browser, env.server.base, owner, contexts, { viewport: { width: 1280, height: 800 }, timeout: WAIT });
    await page.goto('/contacts');
    await page.getByRole('button', { name: /Add contact/ }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Phone number').fill('(415) 555-0142');
    await dialog.getByLabel('Tags').fill('x'.repeat(60));
    await dialog.getByLabel('Tags').press('Enter');
    await dialog.getByRole('button', { name: /Add contact|Save|Add/ }).last().click();
    const banner = dialog.getByRole('alert');
    await banner.waitFor();
    const shown = (await banner.textContent()) ?? '';
    expect(shown).not.toMatch(RAW);
    expect(shown).toBe('Tag 1 must be at most 50 characters.');
    expect(errors).toEqual([]);
  }, 60_000);
});
