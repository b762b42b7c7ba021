/**
 * Operators in tests (issue 13): create one (any role), enrol its TOTP and sign it in over
 * the API, or in a browser page. Codes come from the `otpauth` package, computed at the
 * server's clock (ctx.now), so a test that moves the clock still gets a valid code.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import type { Ctx } from '../src/context.js';
import { createOperator } from '../src/modules/operators/operators.service.js';
import type { OperatorRole } from '../src/modules/operators/operator-rules.js';
import { Client } from './factories.js';

export const OPERATOR_PASSWORD = 'granite-orchard-whistle-58';

let counter = 0;

/** The 6-digit TOTP code of `secret` (base32) at `at`, by the `otpauth` package. */
export function totpCode(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at.getTime() });
}

/** An API client of operator routes: keeps the operator cookies and sends the operator CSRF header on writes. */
export class OperatorClient extends Client {
  override async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const h = { ...headers };
    if (this.cookies.wm_op_csrf && !('x-operator-csrf' in h)) h['x-operator-csrf'] = this.cookies.wm_op_csrf;
    return super.request(method, url, body, h);
  }
}

export interface TestOperator {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  password: string;
  /** The TOTP secret (base32) the operator enrolled. */
  secret: string;
  /** Signed in (password + TOTP) over the API. */
  client: OperatorClient;
}

type Env = { app: FastifyInstance; ctx: Ctx };

function expectStatus(res: LightMyRequestResponse, status: number, what: string) {
  if (res.statusCode !== status) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
}

/**
 * Sends the TOTP step with the code of the server's current step; when that step was used
 * already (a second sign-in within 30 s), with the next step's code (accepted: ±1 step).
 */
async function sendCode(env: Env, client: OperatorClient, secret: string): Promise<LightMyRequestResponse> {
  const now = env.ctx.now();
  const res = await client.post('/v1/operator/signin/totp', { code: totpCode(secret, now) });
  if (res.statusCode === 401 && res.json().error.code === 'code_already_used') {
    return client.post('/v1/operator/signin/totp', { code: totpCode(secret, new Date(now.getTime() + 30_000)) });
  }
  return res;
}

/** Signs an enrolled operator in over the API (password, then a TOTP code). */
export async function signInOperator(env: Env, op: Pick<TestOperator, 'email' | 'password' | 'secret'>): Promise<OperatorClient> {
  const client = new OperatorClient(env.app);
  const step = await client.post('/v1/operator/signin', { email: op.email, password: op.password });
  expectStatus(step, 200, 'operator sign-in (password)');
  expectStatus(await sendCode(env, client, op.secret), 200, 'operator sign-in (TOTP)');
  return client;
}

/** A new operator (created directly, as an admin would), enrolled in TOTP and signed in over the API. */
export async function makeOperator(env: Env, opts: { role?: OperatorRole; name?: string; email?: string } = {}): Promise<TestOperator> {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  const role = opts.role ?? 'admin';
  const email = opts.email ?? `operator-${tag}@platform.example`;
  const name = opts.name ?? `Olga Operator ${tag}`;
  const row = await createOperator(env.ctx, null, { email, name, role, password: OPERATOR_PASSWORD });
  const client = new OperatorClient(env.app);
  const step = await client.post('/v1/operator/signin', { email, password: OPERATOR_PASSWORD });
  expectStatus(step, 200, 'operator sign-in (password)');
  const enrol = await client.post('/v1/operator/signin/enrol');
  expectStatus(enrol, 200, 'operator TOTP enrolment');
  const secret = enrol.json().secret as string;
  expectStatus(await sendCode(env, client, secret), 200, 'operator TOTP confirmation');
  const { toPublicId } = await import('../src/lib/ids.js');
  return { id: toPublicId('operator', row.id), email, name, role, password: OPERATOR_PASSWORD, secret, client };
}

/**
 * Signs an enrolled operator in through the web app's /operator/signin page (password, then
 * the TOTP code at `now`, the server's clock; the next step's code when this step was used
 * already, e.g. by an API sign-in a moment before) and waits for the console.
 */
export async function signInOperatorInBrowser(page: Page, base: string, op: Pick<TestOperator, 'email' | 'password' | 'secret'>, now: () => Date = () => new Date()) {
  await page.goto(`${base}/operator/signin`);
  await page.getByLabel('Email').fill(op.email);
  await page.getByLabel(/^Password/).fill(op.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  const code = page.getByLabel('Authentication code');
  await code.waitFor({ timeout: 30_000 });
  await enterCode(page, op.secret, now);
}

/** Types the TOTP code on the sign-in page's second step and waits for the console (next step's code after "used already"). */
export async function enterCode(page: Page, secret: string, now: () => Date = () => new Date()) {
  const code = page.getByLabel('Authentication code');
  await code.fill(totpCode(secret, now()));
  await page.getByRole('button', { name: 'Sign in' }).click();
  const used = page.getByText('This code was used already');
  await Promise.race([page.waitForURL(/\/operator\/accounts/, { timeout: 30_000 }), used.waitFor({ timeout: 30_000 })]);
  if (/\/operator\/accounts/.test(page.url())) return;
  await code.fill(totpCode(secret, new Date(now().getTime() + 30_000)));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/operator\/accounts/, { timeout: 30_000 });
}
