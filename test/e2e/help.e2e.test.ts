/**
 * Help & feedback (issue 11) in headless Chromium: a user writes a bug report with a screenshot
 * from the "Help & feedback" entry, the operator answers from /operator/inquiries (operator
 * token), and the user reads the answer in their thread (and gets it by email).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { lastEmailTo } from '../factories.js';
import { findChromium, launchBrowser, screenshot, signUpViaApi, startWebServer, watchPageErrors, type WebServer } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 30_000; // bounded waits; the shared 2-core machine can be slow
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a8e9d8a40000000049454e44ae426082', 'hex');

describe.skipIf(SKIP)('help & feedback in headless Chromium', () => {
  // Started here rather than with useServerAndBrowser: a loaded machine needs more than its 60 s.
  const env = {} as { server: WebServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startWebServer();
    env.browser = await launchBrowser();
  }, 360_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  }, 60_000);

  it('a user reports a bug with a screenshot; the operator answers from the operator page; the user reads it', async () => {
    const owner = await signUpViaApi(env.server.base);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: env.server.base });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: env.server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const me = (await (await page.request.get('/v1/me')).json()) as { user: { email: string } };

    await page.goto('/contacts');
    await page.getByTestId('help-link').click();
    await expect.poll(async () => (await page.getByTestId('page-title').textContent())?.trim(), { timeout: WAIT }).toBe('Help & feedback');
    await page.getByText('Bug report', { exact: true }).click();
    await page.getByRole('textbox', { name: /^Subject/ }).fill('Toast covers the Send button');
    await page.getByRole('textbox', { name: /^Message/ }).fill('The green toast sits over the Send button for 3 seconds.');
    // A file that is not an image is refused before it is sent.
    const choose = async (name: string, mimeType: string, buffer: Buffer) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('screenshot-input').click()]);
      await chooser.setFiles({ name, mimeType, buffer });
    };
    await choose('notes.txt', 'text/plain', Buffer.from('hello'));
    await page.getByText('A screenshot must be a PNG, JPEG or GIF image.').waitFor();
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    await choose('screen.png', 'image/png', PNG);
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    // The thread, with the screenshot shown.
    await expect.poll(async () => (await page.getByTestId('page-title').textContent())?.trim(), { timeout: WAIT }).toBe('Toast covers the Send button');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect(id).toMatch(/^inq_/);
    await page.getByTestId('inquiry-thread').getByRole('img', { name: 'screen.png' }).waitFor();
    expect((await page.getByTestId('inquiry-status').textContent())?.trim()).toBe('Waiting for support');
    await lastEmailTo(env.server.app, me.user.email, env.server.config.operatorToken, { subject: /We received your bug report/ });

    // The operator answers from the operator page.
    const op = await context.newPage();
    await op.goto('/operator/inquiries');
    await op.getByLabel('Operator token').fill(env.server.config.operatorToken);
    await op.getByRole('button', { name: 'Use token' }).click();
    await op.getByTestId('operator-inquiries').getByRole('button', { name: 'Toast covers the Send button' }).click();
    const thread = op.getByTestId('operator-inquiry');
    await thread.getByRole('img', { name: 'screen.png' }).waitFor();
    await thread.getByRole('textbox', { name: 'Answer' }).fill('Thanks! Toasts now appear at the top of the screen.');
    await thread.getByRole('button', { name: 'Send answer' }).click();
    await thread.getByTestId('inquiry-message-operator').waitFor();
    await screenshot(op, 'help-operator-answer');
    const mail = await lastEmailTo(env.server.app, me.user.email, env.server.config.operatorToken, { subject: /Reply to your message/ });
    expect(mail.text).toContain(`/help/${id}`);

    // The user reads the answer.
    await page.reload();
    await page.getByTestId('inquiry-message-operator').getByText('Toasts now appear at the top of the screen.').waitFor();
    expect((await page.getByTestId('inquiry-status').textContent())?.trim()).toBe('Answered');
    await screenshot(page, 'help-thread');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
