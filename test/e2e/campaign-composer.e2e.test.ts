/**
 * The step-by-step campaign composer (issue 9) in headless Chromium against the real server:
 * audience with its live count → message with a merge field from the picker, each sample
 * recipient's exact text (one UCS-2 for her name), segments and the cost → schedule at a time →
 * review → the campaign is scheduled and the report opens. Contacts are seeded through the API.
 */
import { expect, describe, it } from 'vitest';
import { findChromium, pageApi, screenshot, signUpViaApi, useServerAndBrowser, watchPageErrors } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 15_000;

describe.skipIf(SKIP)('campaign composer in headless Chromium', () => {
  const env = useServerAndBrowser();

  it('audience → message with a merge field, per-recipient preview and cost → schedule → review → scheduled', async () => {
    const { base } = env.server;
    const owner = await signUpViaApi(base);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const api = pageApi(page, owner);
    const number = await api('/v1/numbers', { provider: 'simulator', mps: 100 });
    const pool = await api('/v1/number-pools', { name: 'Spring pool', numberIds: [number.id] });
    for (const [i, name] of ['Ada', 'Zoë', 'Linus', 'Nora'].entries()) {
      const c = await api('/v1/contacts', { phone: `+1415555019${i}`, firstName: name, tags: ['vip'] });
      if (name !== 'Nora') await api(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes, text me offers' } });
    }

    await page.goto('/campaigns');
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.waitForURL(/\/campaigns\/new$/);

    // 1. Audience: a tag, counted live.
    await page.getByRole('textbox', { name: 'Tags', exact: true }).fill('vip');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await page.getByTestId('campaign-audience-count').textContent()) ?? '').toMatch(/3 will be texted of 4 matched/);
    await page.getByRole('button', { name: 'Next' }).click();

    // 2. Message: a merge field from the picker; each sample as it goes out, the longest (UCS-2) first.
    await page.getByLabel('Campaign name').fill('Spring sale');
    await page.getByLabel('Message', { exact: true }).fill('Hi ');
    await page.getByRole('button', { name: 'Insert merge field' }).click();
    await page.getByRole('menuitem', { name: '{{first_name}}' }).click();
    await page.getByLabel('Message', { exact: true }).press('End');
    await page.keyboard.type(', 20% off today!');
    expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('Hi {{first_name}}, 20% off today!');
    const samples = page.getByTestId('composer-sample');
    await expect.poll(() => samples.count()).toBeGreaterThanOrEqual(3);
    const longest = samples.filter({ hasText: 'Longest recipient' });
    await expect.poll(async () => (await longest.textContent()) ?? '').toContain('Hi Zoë, 20% off today!');
    expect(await longest.textContent()).toContain('UCS-2');
    expect(await longest.textContent()).toContain('Reply STOP to opt out'); // first text: sender identification
    expect(await samples.filter({ hasText: 'Hi Ada, 20% off today!' }).textContent()).toContain('GSM-7');
    await expect.poll(async () => (await page.getByTestId('composer-estimate').textContent()) ?? '').toMatch(/3 texts × up to 2 segments: 6 segments, about \$0\.0498/);
    await screenshot(page, 'campaign-composer-message');
    await page.getByRole('button', { name: 'Next' }).click();

    // 3. Sender: the pool (listed beside the numbers); schedule: tomorrow at 10:00 (the browser's zone).
    await page.getByRole('textbox', { name: 'Send from' }).click();
    await page.getByRole('option', { name: 'Spring pool — 1 numbers' }).waitFor();
    expect(await page.getByRole('option').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(number.phoneNumber), 'Spring pool — 1 numbers']));
    await page.getByRole('option', { name: 'Spring pool — 1 numbers' }).click();
    await page.getByText('At a time').click();
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    await page.getByLabel('Start at').fill(`${day}T10:00`);
    await page.getByRole('button', { name: 'Next' }).click();

    // 4. Review, then schedule: the report opens.
    await page.getByTestId('composer-review').waitFor();
    expect(await page.getByTestId('composer-review').textContent()).toContain('Spring sale');
    expect(await page.getByTestId('composer-review').textContent()).toContain('Pool “Spring pool”');
    await screenshot(page, 'campaign-composer-review');
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.waitForURL(/\/campaigns\/cmp_/);
    const id = /\/campaigns\/(cmp_[^/?#]+)/.exec(page.url())![1];
    const c = await api(`/v1/campaigns/${id}`);
    expect(c).toMatchObject({ name: 'Spring sale', status: 'scheduled', from: pool.id, body: 'Hi {{first_name}}, 20% off today!', audience: { tags: ['vip'] } });
    expect(new Date(c.schedule.at).getTime()).toBe(new Date(`${day}T10:00`).getTime());
    expect(errors).toEqual([]);
  }, 90_000);
});
