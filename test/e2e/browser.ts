/**
 * Helpers for the browser acceptance tests: find Debian's Chromium, launch it headless through
 * playwright-core, and run the real app (PGlite, job worker, built web app) on 127.0.0.1.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import { WEB_DIST } from '../../src/http/web.js';
import { startServices } from '../../src/server.js';
import type { SimulatorServer } from '../../src/providers/simulator/server.js';
import { pgliteSnapshotFs } from '../db-snapshot.js';
import { testConfig } from '../harness.js';
import { STRONG_PASSWORD, TEST_OPERATOR_TOKEN, lastEmailTo, signUpOverHttp, signupBody, tokenFrom } from '../factories.js';

export const SHOTS_DIR = '/tmp/wm-shots';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** CHROMIUM_PATH when it points at a file, else Debian's Chromium; null when there is none. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/**
 * Headless Chromium for one test file. The worker's files share one Chromium (vitest keeps this
 * module loaded across a worker's files, isolate: false): a start costs ~1 s of CPU, and every
 * file gets fresh contexts anyway (their own cookies, storage and cache). The file gets a view of
 * it whose close() closes the contexts and pages the file opened, not the browser; playwright
 * closes the browser when the worker exits. TEST_SHARED_BROWSER=0: one Chromium per file.
 */
export async function launchBrowser(executablePath = findChromium()): Promise<Browser> {
  if (!executablePath) throw new Error('No Chromium found: apt-get install chromium, or set CHROMIUM_PATH');
  if (process.env.TEST_SHARED_BROWSER === '0') return startChromium(executablePath);
  if (!shared || shared.path !== executablePath) {
    const started = startChromium(executablePath);
    shared = { path: executablePath, browser: started };
    started.then((b) => b.on('disconnected', () => { if (shared?.browser === started) shared = null; }), () => { if (shared?.browser === started) shared = null; });
  }
  return fileView(await shared.browser);
}

let shared: { path: string; browser: Promise<Browser> } | null = null;

/** The shared browser as one file sees it: what it opens is tracked, and close() closes only that. */
function fileView(browser: Browser): Browser {
  const opened = new Set<BrowserContext>();
  const own: Partial<Browser> = {
    newContext: async (...args: Parameters<Browser['newContext']>) => {
      const context = await browser.newContext(...args);
      opened.add(context);
      return context;
    },
    newPage: async (...args: Parameters<Browser['newPage']>) => {
      const page = await browser.newPage(...args);
      opened.add(page.context());
      return page;
    },
    contexts: () => browser.contexts().filter((c) => opened.has(c)),
    close: async () => {
      for (const c of opened) await c.close().catch(() => {});
      opened.clear();
    },
  };
  return new Proxy(browser, {
    get(target, prop) {
      if (Object.prototype.hasOwnProperty.call(own, prop)) return own[prop as keyof Browser];
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

function startChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface WebServer {
  /** The server's origin, e.g. http://127.0.0.1:41234 (also config.publicUrl). */
  base: string;
  ctx: Ctx;
  app: FastifyInstance;
  config: Config;
  /** The embedded simulated carrier (tests hold receipts back by raising its latency, then sweep). */
  simulator: SimulatorServer | null;
  stop: () => Promise<void>;
}

/**
 * Starts the real app in-process on an in-memory PGlite (from the run's migrated snapshot): migrations, the job worker (so emails
 * reach the operator outbox) and the built web app, listening on 127.0.0.1 at a free port that
 * PUBLIC_URL names, so emailed links and the Origin check match what the browser uses.
 */
export async function startWebServer(overrides: Record<string, string | undefined> = {}): Promise<WebServer> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(`The web app is not built (${WEB_DIST}/index.html is missing): run \`npm run build:web\` (npm test builds it for you).`);
  }
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const config = testConfig({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, ...overrides });
    const { ctx, embeddedSimulator } = await startServices(config, { dataDir: null, schedule: false, pgliteFs: await pgliteSnapshotFs() });
    let app: FastifyInstance | null = null;
    const stop = async () => {
      await app?.close();
      await embeddedSimulator?.close();
      await ctx.jobs.stop();
      await ctx.database.close();
    };
    try {
      app = await buildApp(ctx, { logger: false, web: true });
      await app.listen({ port, host: '127.0.0.1' });
      await ctx.jobs.work();
      return { base, ctx, app, config, simulator: embeddedSimulator, stop };
    } catch (err) {
      await stop().catch(() => {});
      // Another process may have taken the port between freePort() and listen(): try another.
      if ((err as { code?: string }).code === 'EADDRINUSE' && attempt < 5) continue;
      throw err;
    }
  }
}

/**
 * Collects uncaught page errors and Content-Security-Policy refusals (a broken page shows up here
 * even when the test's checks pass).
 */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) errors.push(`${page.url()}: ${msg.text()}`);
  });
  return errors;
}

/**
 * A page in a browser context of its own, signed in as `s` (its cookies on `base`), actions waiting up to `timeout`, page
 * errors watched; the context joins `contexts` (the file closes them).
 */
export async function sessionPage(
  browser: Browser, base: string, s: ApiSession, contexts: BrowserContext[], opts: { viewport: { width: number; height: number }; timeout: number },
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: opts.viewport, baseURL: base });
  context.setDefaultTimeout(opts.timeout);
  contexts.push(context);
  await context.addCookies(Object.entries(s.cookies).map(([name, value]) => ({ name, value, url: base })));
  const page = await context.newPage();
  return { page, errors: watchPageErrors(page) };
}

/**
 * With TEST_SCREENSHOTS=1, saves a full-page screenshot to /tmp/wm-shots/<name>.png (pictures to
 * look at; no test reads them). Off by default: a full-page capture is Chromium's work (rendering
 * the whole page and encoding a PNG): 3 s of the API reference test's 8.5, ~50 captures a run.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SHOTS_DIR, `${name}.png`);
  if (process.env.TEST_SCREENSHOTS !== '1') return path;
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface ApiSession {
  cookies: Record<string, string>;
  business: string;
}

/** Creates a business through the API (tests that start past sign-up: submit, emailed link, confirm) and returns its owner's cookies. */
export async function signUpViaApi(base: string, operatorToken = TEST_OPERATOR_TOKEN): Promise<ApiSession> {
  const body = signupBody();
  const res = await signUpOverHttp(base, operatorToken, body);
  const cookies = cookiesOf(res);
  if (!cookies.wm_session || !cookies.wm_csrf) throw new Error('sign-up set no session cookies');
  return { cookies, business: body.business.name };
}

/**
 * Calls the API with the page's cookies (a session from signUpViaApi): GET without `data`, POST
 * (with the CSRF header) with it. Fails the test on a status of 300 or more; returns the JSON body.
 */
export function pageApi(page: Page, session: ApiSession) {
  return async (path: string, data?: unknown) => {
    const r = data === undefined ? await page.request.get(path) : await page.request.post(path, { data, headers: { 'x-csrf-token': session.cookies.wm_csrf } });
    expect(r.status(), `${path}: ${await r.text()}`).toBeLessThan(300);
    return r.json();
  };
}

/**
 * The app and Chromium for one describe block: started before its tests, stopped after them.
 * `server` and `browser` are set once the block's beforeAll ran.
 */
export function useServerAndBrowser(): { server: WebServer; browser: Browser } {
  const env = {} as { server: WebServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startWebServer();
    env.browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  }, 60_000);
  return env;
}

/** Calls the API over HTTP as a session (cookies + CSRF header); fails on a status of 300 or more; the JSON body. */
export async function apiCall<T = Record<string, unknown>>(base: string, s: ApiSession, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      cookie: Object.entries(s.cookies).map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': decodeURIComponent(s.cookies.wm_csrf),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * What a page shows that explains a failed wait: its toasts (an error the app showed) and the live
 * stream's state. For failure messages only — a flaky wait then names its cause.
 */
export async function pageDiagnosis(page: Page): Promise<string> {
  const toasts = await page.locator('.mantine-Notification-root').allTextContents().catch(() => []);
  const stream = await page.getByTestId('stream-state').allTextContents().catch(() => []);
  return `url ${page.url()}; toasts ${JSON.stringify(toasts)}; stream ${JSON.stringify(stream)}`;
}

/** Polls `probe` until it is true; fails after `bound` ms (no fixed sleeps). Returns how long it took. */
export async function within(bound: number, what: string, probe: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - t0;
    if (Date.now() - t0 > bound) throw new Error(`${what}: not seen within ${bound} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The cookies a response sets (name → value). */
function cookiesOf(res: Response): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const [name, ...value] = pair.split('=');
    cookies[name.trim()] = value.join('=');
  }
  return cookies;
}

/** Invites an agent into the owner's business and accepts through the emailed link: their session and user id. */
export async function inviteAgentViaApi(server: WebServer, owner: ApiSession, name: string): Promise<{ session: ApiSession; id: string }> {
  const email = `${name.split(' ')[0].toLowerCase()}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  await apiCall(server.base, owner, 'POST', '/v1/invitations', { email, role: 'agent' });
  const token = tokenFrom((await lastEmailTo(server.app, email, server.config.operatorToken)).text);
  const res = await fetch(`${server.base}/v1/invitations/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, name, phone: '+44 20 7946 0958', password: STRONG_PASSWORD }) });
  if (res.status !== 201) throw new Error(`accept: ${res.status} ${await res.text()}`);
  return { session: { cookies: cookiesOf(res), business: owner.business }, id: ((await res.json()) as { user: { id: string } }).user.id };
}
