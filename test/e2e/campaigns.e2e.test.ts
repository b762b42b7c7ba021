/**
 * Acceptance 3 of issue 9, in headless Chromium against the real server (PGlite, job worker, built
 * web app, embedded simulator): build a segment, compose a campaign with a merge field and a link,
 * see the cost, schedule it, watch its progress bar, open its report with the charts, and click a
 * tracked link — the click shows up in the report. Contacts are seeded through the API; the rest
 * goes through the UI. The test plays the worker's dispatcher loop (dispatchOnce) while it watches,
 * and brings the schedule forward to now once the recipients are written (a clock it controls).
 */
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fromPublicId } from '../../src/lib/ids.js';
import { dispatchOnce } from '../../src/modules/messaging/dispatcher.js';
import { findChromium, pageApi, screenshot, signUpViaApi, useServerAndBrowser, watchPageErrors } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 15_000;
const VIP = ['+14155550181', '+14155550182', '+14155550183'];

/** A zone where it is now well inside the federal window (08:00–21:00), so the texts may go at the scheduled moment. */
const insideZone = () =>
  ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Tokyo', 'Pacific/Honolulu', 'Pacific/Auckland']
    .find((z) => { const h = DateTime.now().setZone(z).hour; return h >= 9 && h < 20; })!;

async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

describe.skipIf(SKIP)('campaigns in headless Chromium', () => {
  const env = useServerAndBrowser();

  it('segment → compose with a merge field and a link, cost → schedule → progress → report with charts → a tracked click counted', async () => {
    const { base, ctx } = env.server;
    const owner = await signUpViaApi(base);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base, timezoneId: 'UTC' });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const api = pageApi(page, owner);
    await api('/v1/numbers', { provider: 'simulator', mps: 100 });
    const zone = insideZone();
    for (const [i, phone] of VIP.entries()) {
      const c = await api('/v1/contacts', { phone, firstName: ['Ada', 'Grace', 'Linus'][i], tags: ['vip'], timeZone: zone });
      await api(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes, text me offers' } });
    }
    await api('/v1/contacts', { phone: '+14155550184', firstName: 'Nora', tags: ['vip'], timeZone: zone }); // no consent: skipped

    // 1. A segment: contacts tagged vip.
    await page.goto('/contacts/segments');
    await page.getByRole('button', { name: 'New segment' }).click();
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByLabel('Condition 1 value').fill('vip');
    await expect.poll(() => page.getByTestId('segment-count').getAttribute('data-count')).toBe('4');
    await page.getByLabel('Segment name').fill('VIP customers');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByTestId('segment-row').filter({ hasText: 'VIP customers' }).waitFor();

    // 2. Compose: the segment; a merge field with a fallback and a link; the cost before sending.
    await page.goto('/campaigns');
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.waitForURL(/\/campaigns\/new$/);
    await page.getByRole('textbox', { name: 'Segments', exact: true }).click();
    await page.getByRole('option', { name: 'VIP customers' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await page.getByTestId('campaign-audience-count').textContent()) ?? '').toMatch(/3 will be texted of 4 matched/);
    await page.getByRole('button', { name: 'Next' }).click();
    const destination = `${base}/legal/terms`;
    await page.getByLabel('Campaign name').fill('Spring sale');
    await page.getByLabel('Message', { exact: true }).fill(`Hi {{first_name|there}}, 20% off today: ${destination}`);
    await expect.poll(async () => (await page.getByTestId('composer-preview').textContent()) ?? '').toContain('Hi Ada, 20% off today');
    await expect.poll(async () => (await page.getByTestId('composer-estimate').textContent()) ?? '').toMatch(/about \$0\.\d{4}/);
    await shot(page, 'campaign-e2e-compose');
    await page.getByRole('button', { name: 'Next' }).click();

    // 3. Schedule: at the next minute but one (UTC, the browser's zone here).
    await page.getByText('At a time').click();
    const at = DateTime.utc().plus({ minutes: 2 }).startOf('minute');
    await page.getByLabel('Start at').fill(at.toFormat("yyyy-MM-dd'T'HH:mm"));
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('composer-review').waitFor();
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    const refused = page.getByTestId('composer-error');
    await Promise.race([page.waitForURL(/\/campaigns\/cmp_/), refused.waitFor().then(async () => { throw new Error(`refused: ${await refused.textContent()}`); })]);

    // 4. The report opens; the recipients are written in the background, then the schedule comes (brought forward).
    await page.waitForURL(/\/campaigns\/cmp_/);
    const id = /\/campaigns\/(cmp_[^/?#]+)/.exec(page.url())![1];
    const status = page.getByTestId('campaign-status');
    await expect.poll(() => status.textContent()).toBe('scheduled');
    const progress = page.getByTestId('campaign-progress');
    await expect.poll(async () => (await api(`/v1/campaigns/${id}`)).progress.fannedOut, { timeout: 30_000 }).toBe(true);
    const cid = fromPublicId('campaign', id)!;
    await ctx.database.query(`update campaigns set schedule_at = now() where id = $1`, [cid]);
    await ctx.database.query(`update messages set next_attempt_at = now() where campaign_id = $1 and status in ('scheduled', 'queued')`, [cid]);
    const seen: number[] = [];
    const deadline = Date.now() + 60_000;
    while ((await status.textContent()) !== 'completed') {
      if (Date.now() > deadline) throw new Error(`the campaign did not complete (progress seen: ${seen.join(', ')})`);
      seen.push(Number(await progress.getAttribute('data-value')));
      if ((await status.textContent()) === 'running') await dispatchOnce(ctx);
      await page.waitForTimeout(300);
    }
    expect(seen.some((v) => v > 0 && v < 100), seen.join(', ')).toBe(true); // it was seen part-way
    expect(await progress.getAttribute('data-value')).toBe('100');

    // 5. The report: stats with the cost, skipped by reason, charts over time.
    const stat = (label: string) => page.getByTestId(`stat-${label}`).locator('p').nth(1);
    await expect.poll(async () => stat('delivered').textContent(), { timeout: WAIT }).toBe('3');
    const report = await api(`/v1/campaigns/${id}`);
    expect(await stat('cost').textContent()).toBe(`$${report.stats.cost}`);
    expect(Number(report.stats.cost)).toBeGreaterThan(0);
    expect(await page.getByTestId('campaign-skipped').textContent()).toContain('No marketing consent');
    await page.getByTestId('campaign-charts').locator('.recharts-surface').first().waitFor();
    await page.getByTestId('campaign-charts').getByText('Minute', { exact: true }).click();
    await page.waitForURL(/bucket=minute/);
    await page.getByTestId('campaign-charts').locator('.recharts-surface').first().waitFor();
    // The recipients: each by the contact's name and phone (masked but for its last two digits), not its id.
    const ada = page.getByTestId('recipient-row').filter({ hasText: 'Ada' });
    await ada.waitFor();
    expect(await ada.getByTestId('recipient-phone').textContent()).toBe('+•••••••••81');
    expect(await page.getByTestId('campaign-recipients').textContent()).not.toMatch(/ct_/);
    await shot(page, 'campaign-e2e-report');

    // 6. A recipient taps the tracked link in their text: redirected to the destination, the click counted.
    const { rows: [text] } = await ctx.database.query<{ body: string }>(`select body from messages where campaign_id = $1 and "to" = $2`, [cid, VIP[0]]);
    expect(text.body).toContain('Hi Ada, 20% off today: ');
    const short = /(https?:\/\/\S+\/l\/[0-9A-Za-z]+)/.exec(text.body)?.[1];
    expect(short, text.body).toBeTruthy();
    const phone = await env.browser.newPage();
    await phone.goto(short!);
    await phone.waitForURL(destination);
    await phone.close();
    await page.reload();
    await expect.poll(async () => stat('clicks').textContent(), { timeout: WAIT }).toBe('1');
    expect(await page.getByTestId('campaign-links').textContent()).toContain(destination);
    await shot(page, 'campaign-e2e-report-clicked');
    expect(errors).toEqual([]);
  }, 150_000);

  it('the campaigns list shows a page and loads more: every campaign reachable, not only the newest', async () => {
    const { base } = env.server;
    const owner = await signUpViaApi(base);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base, timezoneId: 'UTC' });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const api = pageApi(page, owner);
    for (let i = 0; i < 53; i++) await api('/v1/campaigns', { name: `Campaign ${String(i).padStart(2, '0')}`, body: 'Hello', audience: { tags: ['vip'] } });
    await page.goto('/campaigns');
    const rows = page.getByTestId('campaign-row');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await rows.first().textContent()).toContain('Campaign 52'); // newest first
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(53);
    expect(await rows.last().textContent()).toContain('Campaign 00');
    await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
