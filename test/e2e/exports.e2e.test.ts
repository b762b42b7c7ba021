/**
 * Data export in headless Chromium: a user asks for their data on Settings → Data export, watches
 * the export build (the real job worker), and downloads the ZIP through the page's link.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { findChromium, screenshot, signUpViaApi, useServerAndBrowser, watchPageErrors } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 20_000;

/** The entry names and texts of a ZIP, read with yauzl. */
function unzip(buf: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const files = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) => zip.openReadStream(entry, (e, s) => {
        if (e || !s) return reject(e);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
          files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
          zip.readEntry();
        });
      }));
      zip.on('end', () => resolve(files)).on('error', reject);
      zip.readEntry();
    });
  });
}

describe.skipIf(SKIP)('data export in headless Chromium', () => {
  const env = useServerAndBrowser();

  it('a user exports their data from Settings → Data export and downloads the ZIP', async () => {
    const owner = await signUpViaApi(env.server.base);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: env.server.base, acceptDownloads: true });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: env.server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const me = (await (await page.request.get('/v1/me')).json()) as { user: { email: string } };

    await page.goto('/settings/data-export');
    await page.getByRole('button', { name: 'Export the whole account' }).waitFor(); // the owner may export everything
    await page.getByRole('button', { name: 'Export my data' }).click();
    await page.getByTestId('export-row').first().waitFor();
    const link = page.getByRole('link', { name: /Download ZIP/ });
    await link.waitFor({ timeout: 30_000 }); // the worker picks the job up, the list polls while it builds
    await screenshot(page, 'data-export-ready');
    const [saved] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(saved.suggestedFilename()).toMatch(/^west-message-my-data-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = await unzip(readFileSync((await saved.path())!));
    expect([...files.keys()]).toEqual(expect.arrayContaining(['members.json', 'members.csv', 'sessions.json', 'audit_log.csv', 'manifest.json']));
    expect(JSON.parse(files.get('members.json')!)).toEqual([expect.objectContaining({ email: me.user.email, role: 'owner' })]);
    await expect.poll(async () => (await page.getByTestId('export-row').first().textContent()) ?? '').toContain('completed');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
