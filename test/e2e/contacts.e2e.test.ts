/**
 * Acceptance: the contacts area in real headless Chromium against the real server (PGlite, job
 * worker running imports, built web app). The account is created through the API (the sign-up UI
 * has its own test); everything after that is driven through the UI, except seeding contacts for
 * the segment test.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { analysePhone } from '../../src/lib/phone-analyse.mjs';
import { findChromium, launchBrowser, screenshot, startWebServer, watchPageErrors, type WebServer } from './browser.js';
import { signUpViaApi as signUpViaApiAt, type ApiSession } from './browser.js';

const CHROMIUM = findChromium();
const REQUIRE_BROWSER = process.env.REQUIRE_BROWSER === '1';
const SKIP = !CHROMIUM && !REQUIRE_BROWSER;
const SUITE = SKIP
  ? 'contacts in headless Chromium — SKIPPED: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH; REQUIRE_BROWSER=1 makes this a failure)'
  : 'contacts in headless Chromium';
if (SKIP) console.warn(`browser tests skipped: no Chromium at CHROMIUM_PATH or /usr/bin/chromium`);

const BROWSER_TEST_TIMEOUT = 120_000;
/** Rows of the imported file: six batches of IMPORT_BATCH_ROWS. */
const ROWS = 3000;
const WAIT = 15_000;
const CONSENT_DESCRIPTION = 'Ticked “Text me offers” on the paper sign-up form at our front desk, 2023–2025.';


/** Polls a locator's text until it matches (playwright-core has no web-first assertions). */
async function expectText(locator: Locator, expected: string | RegExp, timeout = WAIT) {
  await locator.first().waitFor({ state: 'visible', timeout });
  await expect
    .poll(async () => ((await locator.first().textContent()) ?? '').trim(), { timeout })
    .toMatch(typeof expected === 'string' ? new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : expected);
}

/** A full-page screenshot from the top (the app header is fixed, so a scrolled page would show it mid-page). */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

async function waitForPath(page: Page, path: string) {
  await page.waitForURL((url) => url.pathname === path, { timeout: WAIT });
}

/** Picks an option of a Mantine Select by its label. */
async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect.poll(() => page.getByLabel(label, { exact: true }).inputValue()).toBe(option);
}

interface GeneratedCsv {
  csv: string;
  valid: number;
  /** File row number (the header is row 1) → the reason the error report must give. */
  problems: Map<number, string>;
  ada: { first: string; last: string; phone: string };
}

/**
 * A customer list as a CRM would export it: "Phone" is the office landline (not what we want),
 * "Cell #" the mobile, "Given" the first name (a header the detector does not know). A few rows
 * are broken on purpose, and one number appears twice in another format.
 */
function customersCsv(rows: number): GeneratedCsv {
  const lines = ['Given,Surname,Phone,Cell #,E-mail,Notes'];
  const problems = new Map<number, string>();
  const seen = new Set<string>();
  const areas = ['212', '312', '415', '512', '617', '646', '702', '713', '808', '917'];
  let n = 0;
  const nextMobile = (): string => {
    for (;;) {
      n += 1;
      const area = areas[n % areas.length];
      const exchange = 201 + ((n * 7) % 790);
      const line = String((n * 37) % 10000).padStart(4, '0');
      const raw = `(${area}) ${exchange}-${line}`;
      const parsed = analysePhone(raw, 'US');
      if ('problem' in parsed || parsed.type === 'fixed_line' || seen.has(parsed.e164)) continue;
      seen.add(parsed.e164);
      return raw;
    }
  };
  const broken: Record<number, [string, string]> = {
    // data row index → [cell value, reason]
    7: ['12', 'too_short'],
    19: ['not a number', 'invalid_phone'],
    33: ['+1 415 555 01021234567', 'too_long'],
    48: ['', 'missing_phone'],
  };
  let ada: GeneratedCsv['ada'] | null = null;
  let valid = 0;
  for (let i = 1; i <= rows; i++) {
    const first = i === 1 ? 'Ada' : `Given${i}`;
    const last = i === 1 ? 'Lovelace' : `Surname${i}`;
    let cell: string;
    if (broken[i]) {
      cell = broken[i][0];
      problems.set(i + 1, broken[i][1]);
    } else if (i === 60) {
      // The first contact's number again, written differently: an in-file duplicate.
      const digits = ada!.phone.replace(/\D/g, '');
      cell = `+1 ${digits.slice(-10, -7)}.${digits.slice(-7, -4)}.${digits.slice(-4)}`;
      problems.set(i + 1, 'duplicate_in_file');
    } else {
      cell = nextMobile();
      valid += 1;
    }
    if (i === 1) ada = { first, last, phone: cell };
    lines.push([first, last, '(415) 555-0100', `"${cell}"`, `${first.toLowerCase()}@example.com`, i % 2 ? 'Prefers mornings' : ''].join(','));
  }
  return { csv: lines.join('\n') + '\n', valid, problems, ada: ada! };
}

describe.skipIf(SKIP)(SUITE, () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors = new WeakMap<Page, string[]>();

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('REQUIRE_BROWSER=1 but no Chromium was found (set CHROMIUM_PATH or apt-get install chromium)');
    server = await startWebServer({ IMPORT_BATCH_ROWS: '500' }); // several batches, so the bar moves, from a small file
    browser = await launchBrowser(CHROMIUM);
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  }, 60_000);

  type Session = ApiSession;
  /** Creates a business through the API and returns its owner's session cookies. */
  const signUpViaApi = () => signUpViaApiAt(server.base);

  /** A JSON API call as the signed-in owner (cookie + CSRF header). */
  async function apiCall<T>(s: Session, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${server.base}${path}`, {
      method,
      headers: {
        cookie: Object.entries(s.cookies).map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': decodeURIComponent(s.cookies.wm_csrf),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    expect(res.ok, `${method} ${path}: ${res.status} ${text}`).toBe(true);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A fresh browser profile, signed in with the session's cookies, at a desktop size. */
  async function newPage(s: Session): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: server.base, acceptDownloads: true });
    context.setDefaultTimeout(WAIT);
    contexts.push(context);
    await context.addCookies(Object.entries(s.cookies).map(([name, value]) => ({ name, value, url: server.base })));
    const page = await context.newPage();
    pageErrors.set(page, watchPageErrors(page));
    return page;
  }
  const errorsOf = (page: Page) => pageErrors.get(page) ?? [];

  it(
    'imports a CSV through the mapping screen, watches the progress, downloads the error report and reads a consent timeline',
    async () => {
      const session = await signUpViaApi();
      const page = await newPage(session);
      const file = customersCsv(ROWS);

      // An empty account invites an import.
      await page.goto('/contacts');
      await page.getByTestId('contacts-empty').waitFor();
      await page.getByTestId('contacts-empty').getByRole('link', { name: 'Import contacts' }).click();
      await waitForPath(page, '/contacts/import');
      await expectText(page.getByTestId('page-title'), 'Import contacts');

      // 1. Upload. A file with far too many columns is answered in our words, and another file can be chosen.
      const wide = `${['Phone', ...Array.from({ length: 1000 }, (_, i) => `c${i}`)].join(',')}\n4155550100\n`;
      await page.getByLabel('CSV file').setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(wide) });
      await expectText(page.getByTestId('upload-error'), /1,001 columns; up to 1,000 are accepted/);
      await page.getByLabel('CSV file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(file.csv) });

      // 2. Map: the detector picked the office "Phone" column and did not know "Given"; correct both.
      await page.getByTestId('mapping-table').waitFor();
      expect(await page.getByTestId('mapping-row').count()).toBe(6);
      expect(await page.getByLabel('Import Phone as', { exact: true }).inputValue()).toBe('Phone');
      expect(await page.getByLabel('Import Surname as', { exact: true }).inputValue()).toBe('Last name');
      expect(await page.getByLabel('Import Given as', { exact: true }).inputValue()).toBe('Don’t import');
      await choose(page, 'Import Cell # as', 'Phone');
      // Only one column can be the phone: the office number column let go of it.
      expect(await page.getByLabel('Import Phone as', { exact: true }).inputValue()).toBe('Don’t import');
      await choose(page, 'Import Given as', 'First name');
      await page.getByLabel('These people gave consent to receive texts').check();
      await page.getByLabel('How did they consent?').fill(CONSENT_DESCRIPTION);
      expect(await page.getByLabel('Skip landlines').isChecked()).toBe(true);
      await shot(page, 'contacts-import-mapping');
      await page.getByRole('button', { name: 'Start import' }).click();

      // 3. Progress: the bar climbs to 100 % and the import completes.
      const bar = page.getByTestId('import-progress');
      await bar.waitFor({ state: 'attached' });
      await page.waitForURL((u) => u.pathname === '/contacts/import' && u.searchParams.has('id'));
      const seen = new Set<number>();
      let progressShot = false;
      const deadline = Date.now() + 90_000;
      for (;;) {
        const now = Number(await bar.getAttribute('aria-valuenow'));
        seen.add(now);
        if (!progressShot && now > 0 && now < 100) {
          progressShot = true;
          await shot(page, 'contacts-import-progress');
        }
        if (now === 100) break;
        if (Date.now() > deadline) throw new Error(`import progress stuck at ${now}% (seen ${[...seen].join(', ')})`);
        await page.waitForTimeout(100);
      }
      expect([...seen].every((v) => v >= 0 && v <= 100)).toBe(true);
      await expectText(page.getByTestId('import-status'), 'completed', 30_000);
      await expectText(page.getByTestId('import-processed'), `${ROWS.toLocaleString('en-US')} / ${ROWS.toLocaleString('en-US')} rows`);
      await expectText(page.getByTestId('import-inserted'), file.valid.toLocaleString('en-US'));
      await expectText(page.getByTestId('import-failed'), '4');
      await expectText(page.getByTestId('import-skipped'), '1');
      if (!progressShot) await shot(page, 'contacts-import-progress');
      await shot(page, 'contacts-import-done');

      // The error report lists each bad row with its reason.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-errors-link').click()]);
      expect(download.suggestedFilename()).toMatch(/errors\.csv$/);
      const report = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
      expect(report[0]).toBe('row,column,reason,value,message');
      const listed = new Map(report.slice(1).map((l) => l.split(',')).map((cells) => [Number(cells[0]), cells[2]]));
      expect(listed).toEqual(file.problems);
      const tooShort = report.find((l) => l.startsWith('8,'))!.split(',');
      expect([tooShort[2], tooShort[3]]).toEqual(['too_short', '12']);

      // The list shows the new contacts; find the first one and open it.
      await page.getByRole('link', { name: 'View contacts' }).click();
      await waitForPath(page, '/contacts');
      await page.getByTestId('contact-row').first().waitFor();
      expect(await page.getByTestId('contact-row').count()).toBe(50);
      await shot(page, 'contacts-list');
      await page.getByLabel('Search').fill('Lovelace');
      const row = page.getByTestId('contact-row').filter({ hasText: 'Ada Lovelace' });
      await expect.poll(() => page.getByTestId('contact-row').count()).toBe(1);
      expect(await row.textContent()).toContain('Opted in');
      await row.getByRole('link', { name: 'Ada Lovelace' }).click();
      await page.waitForURL((u) => u.pathname.startsWith('/contacts/ct_'));
      await expectText(page.getByTestId('page-title'), 'Ada Lovelace');
      expect(await page.getByLabel('First name').inputValue()).toBe('Ada');
      expect(await page.getByLabel('Email').inputValue()).toBe('ada@example.com');

      // Consent timeline: one opt-in from the import, with the description as its wording.
      await expectText(page.getByTestId('consent-state'), 'Opted in');
      const events = page.getByTestId('consent-event');
      await events.first().waitFor();
      expect(await events.count()).toBe(1);
      expect(await events.first().getAttribute('data-kind')).toBe('opt_in');
      await expectText(events.first().getByTestId('consent-source'), 'Import');
      await expectText(events.first().getByTestId('consent-wording'), CONSENT_DESCRIPTION);
      await shot(page, 'contact-detail');

      // Record an opt-out: the state flips, the number is suppressed, the timeline grows.
      await page.getByRole('button', { name: 'Record opt-out' }).click();
      const dialog = page.getByRole('dialog', { name: 'Record opt-out' });
      await dialog.getByLabel('Note').fill('Asked on the phone to stop texts');
      await dialog.getByRole('button', { name: 'Record opt-out' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expectText(page.getByTestId('consent-state'), 'Opted out');
      await page.getByTestId('suppressed-badge').waitFor();
      await expect.poll(() => events.count()).toBe(2);
      expect(await events.nth(1).getAttribute('data-kind')).toBe('opt_out');
      await expectText(events.nth(1).getByTestId('consent-source'), 'Agent');
      expect(await events.nth(1).textContent()).toContain('Asked on the phone to stop texts');
      await shot(page, 'contact-detail-opted-out');

      // The import history lists the finished import.
      await page.goto('/contacts/imports');
      const imp = page.getByTestId('import-row');
      await imp.first().waitFor();
      expect(await imp.count()).toBe(1);
      expect(await imp.first().textContent()).toContain('customers.csv');
      await imp.first().getByText('Completed').waitFor();

      expect(errorsOf(page)).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'the segment editor shows a live count that changes as conditions are added',
    async () => {
      const session = await signUpViaApi();
      const tagged = ['vip', 'vip', 'vip', 'newsletter', ''];
      for (const [i, tag] of tagged.entries()) {
        await apiCall(session, 'POST', '/v1/contacts', { phone: `+1 415 555 01${String(10 + i)}`, firstName: `Person${i}`, tags: tag ? [tag] : [] });
      }
      const page = await newPage(session);

      // Add one more VIP through the "Add contact" dialog.
      await page.goto('/contacts');
      await expect.poll(() => page.getByTestId('contact-row').count()).toBe(5);
      await page.getByRole('button', { name: 'Add contact' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add contact' });
      await dialog.getByLabel('Phone number').fill('12');
      await dialog.getByRole('button', { name: 'Add contact' }).click();
      await dialog.getByText('This number is too short.').waitFor();
      await dialog.getByLabel('Phone number').fill('(415) 555-0199');
      await dialog.getByLabel('First name').fill('Grace');
      await dialog.getByLabel('Last name').fill('Hopper');
      await dialog.getByLabel('Tags').fill('vip');
      await dialog.getByLabel('Tags').press('Enter');
      await dialog.getByRole('button', { name: 'Add contact' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('contact-row').count()).toBe(6);
      expect(await page.getByTestId('contact-row').first().textContent()).toContain('Grace Hopper'); // newest first

      // New segment: no conditions match everyone, then the count follows each condition.
      await page.getByRole('link', { name: 'Segments' }).click();
      await waitForPath(page, '/contacts/segments');
      await page.getByRole('button', { name: 'New segment' }).click();
      const count = page.getByTestId('segment-count');
      await expect.poll(() => count.getAttribute('data-count')).toBe('6');
      await page.getByRole('button', { name: 'Add condition' }).click();
      await page.getByLabel('Condition 1 value').fill('vip');
      await expect.poll(() => count.getAttribute('data-count')).toBe('4');
      await expectText(count, '4 contacts match');
      await page.getByRole('button', { name: 'Add condition' }).click();
      await choose(page, 'Condition 2 type', 'Consent');
      await choose(page, 'Condition 2 value', 'Unknown');
      await expect.poll(() => count.getAttribute('data-count')).toBe('4');
      await choose(page, 'Condition 2 operator', 'is not');
      await expect.poll(() => count.getAttribute('data-count')).toBe('0');
      await page.getByRole('button', { name: 'Remove condition 2' }).click();
      await expect.poll(() => count.getAttribute('data-count')).toBe('4');
      await choose(page, 'Condition 1 operator', 'does not have');
      await expect.poll(() => count.getAttribute('data-count')).toBe('2');
      await choose(page, 'Condition 1 operator', 'has');
      await expect.poll(() => count.getAttribute('data-count')).toBe('4');
      await page.getByLabel('Segment name').fill('VIP customers');
      await shot(page, 'segments-editor');
      await page.getByRole('button', { name: 'Save segment' }).click();

      // Saved: listed with its count; "View contacts" filters the list by it.
      const row = page.getByTestId('segment-row').filter({ hasText: 'VIP customers' });
      await row.waitFor();
      await expectText(row.getByTestId('segment-list-count'), '4');
      expect(await row.textContent()).toContain('Tag has vip');
      await row.getByRole('link', { name: 'View contacts' }).click();
      await page.waitForURL((u) => u.pathname === '/contacts' && u.searchParams.has('segment'));
      await expect.poll(() => page.getByTestId('contact-row').count()).toBe(4);
      expect(await page.getByLabel('Segment').inputValue()).toBe('VIP customers');

      expect(errorsOf(page)).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT,
  );
});
