/**
 * The audit page in headless Chromium: the owner downloads a signed checkpoint, verifies the
 * log against it, and after a DBA deletes the newest entries (triggers off, head rewound) the
 * same checkpoint makes the page report the deletion.
 */
import { describe, expect, it } from 'vitest';
import { fromPublicId } from '../../src/lib/ids.js';
import { appendThroughApp, asDba, entries, setHeadSql } from '../audit-dba.js';
import { findChromium, useServerAndBrowser, screenshot, signUpViaApi, watchPageErrors } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 15_000;

describe.skipIf(SKIP)('audit checkpoints in headless Chromium', () => {
  const env = useServerAndBrowser();

  it('downloads a checkpoint, verifies against it, and reports entries deleted after it', async () => {
    const owner = await signUpViaApi(env.server.base);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: env.server.base, acceptDownloads: true });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: env.server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const me = (await (await page.request.get(`${env.server.base}/v1/me`)).json()) as { account: { id: string } };
    const accountId = fromPublicId('account', me.account.id)!;
    await appendThroughApp(env.server.ctx, accountId, 3, 'test.browser');

    await page.goto('/audit');
    await page.getByTestId('audit-row').first().waitFor();
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download checkpoint' }).click()]);
    expect(saved.suggestedFilename()).toMatch(/^audit-checkpoint-\d{4}-\d{2}-\d{2}\.json$/);
    const file = (await saved.path())!;

    const verifyAgainst = async () => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Verify against checkpoint…' }).click()]);
      await chooser.setFiles(file);
    };
    const result = page.getByTestId('verify-result');
    await verifyAgainst();
    await expect.poll(async () => (await result.textContent()) ?? '', { timeout: WAIT }).toMatch(/^Chain intact — \d+ events checked and matches the checkpoint of .+ \(\d+ events\)$/);

    const chain = await entries(env.server.ctx, accountId);
    const kept = chain[chain.length - 3];
    await asDba(env.server.ctx, [`delete from audit_events where account_id = '${accountId}' and seq > ${kept.seq}`, setHeadSql(accountId, kept.seq, kept.hash)]);
    await page.getByRole('button', { name: 'Verify integrity' }).click();
    await expect.poll(async () => (await result.textContent()) ?? '', { timeout: WAIT }).toMatch(/^Chain intact — \d+ events checked$/);
    await verifyAgainst();
    await expect.poll(async () => (await result.textContent()) ?? '', { timeout: WAIT }).toContain('the log is now shorter than at the checkpoint: events were deleted');
    await screenshot(page, 'audit-checkpoint-mismatch');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
