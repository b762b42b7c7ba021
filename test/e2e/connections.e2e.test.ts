/**
 * Carriers issue: connect carriers under Settings → Carriers in real headless Chromium. A simulator
 * connection tests fine; a Twilio one pointed at a closed port is saved with status error and the
 * reason shown; credentials are password inputs, never shown again, never returned by the API.
 */
import { describe, expect, it } from 'vitest';
import { findChromium, useServerAndBrowser, screenshot, signUpViaApi, watchPageErrors, type ApiSession } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 15_000;
const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'browser-secret-token-5d1e';

describe.skipIf(SKIP)('carrier connections in headless Chromium', () => {
  const env = useServerAndBrowser();

  async function api<T>(s: ApiSession, path: string): Promise<{ text: string; json: T }> {
    const cookie = Object.entries(s.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${env.server.base}${path}`, { headers: { cookie } });
    const text = await res.text();
    expect(res.ok, `${path}: ${res.status} ${text}`).toBe(true);
    return { text, json: JSON.parse(text) as T };
  }

  it('connects a simulator and a (failing) Twilio account, shows status and the error, tests and deletes', async () => {
    const owner = await signUpViaApi(env.server.base);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: env.server.base });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: env.server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto('/settings/carriers');
    await page.getByTestId('connections-empty').waitFor();
    const kind = (label: string) => page.locator('[aria-label="Carrier"] label').filter({ hasText: label }).click();
    const row = (name: string) => page.getByTestId('connection-row').filter({ has: page.getByTestId('connection-name').filter({ hasText: name }) });

    await kind('Simulator');
    await page.getByLabel('Name', { exact: true }).fill('Sim line');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(async () => row('Sim line').getByTestId('connection-status').textContent().catch(() => null)).toBe('Connected');
    await expect.poll(async () => (await row('Sim line').textContent()) ?? '').toContain('/webhooks/simulator/');

    await kind('Twilio');
    await page.getByLabel('Name', { exact: true }).fill('Main Twilio');
    await page.getByLabel('Account SID').fill(SID);
    await page.getByLabel('Auth token', { exact: true }).fill(AUTH_TOKEN);
    expect(await page.getByLabel('Auth token', { exact: true }).getAttribute('type')).toBe('password');
    await page.getByLabel('API base URL').fill('http://127.0.0.1:9/');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(async () => row('Main Twilio').getByTestId('connection-status').textContent().catch(() => null), { timeout: 30_000 }).toBe('Error');
    const listed = await api<{ data: Array<{ name: string; status: string; lastError: string | null }> }>(owner, '/v1/provider-connections');
    const twilio = listed.json.data.find((c) => c.name === 'Main Twilio')!;
    expect(twilio.status).toBe('error');
    expect(twilio.lastError).toBeTruthy();
    await expect.poll(async () => row('Main Twilio').getByTestId('connection-error').textContent()).toContain(twilio.lastError!);
    // The secret left the form when it was saved and is nowhere in the page or the API.
    expect(await page.getByLabel('Auth token', { exact: true }).inputValue()).toBe('');
    expect(await page.content()).not.toContain(AUTH_TOKEN);
    expect(listed.text).not.toContain(AUTH_TOKEN);
    await screenshot(page, 'carriers');

    // Rotate the Twilio credentials (still failing: the API base URL is closed).
    await row('Main Twilio').getByRole('button', { name: 'Rotate credentials' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Account SID').fill(SID);
    await dialog.getByLabel('Auth token', { exact: true }).fill(`${AUTH_TOKEN}-2`);
    await dialog.getByRole('button', { name: 'Save and test' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.content()).not.toContain(`${AUTH_TOKEN}-2`);

    // Attach a number to the simulator connection: it shows on the card, and the card cannot be deleted while it has one.
    await row('Sim line').getByLabel('Number to attach to Sim line').fill('+1 415 555 0142');
    await row('Sim line').getByRole('button', { name: 'Attach number' }).click();
    await expect.poll(async () => (await row('Sim line').textContent()) ?? '').toMatch(/555.?0142/);
    await row('Sim line').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByText(/number\(s\) are on this connection/).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    // Test a fresh simulator connection, then delete it.
    await kind('Simulator');
    await page.getByLabel('Name', { exact: true }).fill('Spare sim');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(async () => row('Spare sim').getByTestId('connection-status').textContent().catch(() => null)).toBe('Connected');
    await row('Spare sim').getByRole('button', { name: 'Test' }).click();
    await page.getByText('Spare sim: test passed').waitFor();
    await row('Spare sim').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => row('Spare sim').count()).toBe(0);
    expect(await row('Sim line').count()).toBe(1);
    expect(await row('Main Twilio').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
