import { expect, it } from 'vitest';
import { describeEachDb, type TestEnv } from './harness.js';
import { Client, STRONG_PASSWORD, emailsTo, lastEmailTo, signUp, tokenFrom } from './factories.js';
import yauzl from 'yauzl';
import pg from 'pg';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { remindDueRequests } from '../src/modules/data-requests/reminders.service.js';
import { expireExports } from '../src/modules/exports/export-runner.js';
import { dumpDatabase, findTraces } from './erasure-dump.js';
import { fromPublicId } from '../src/lib/ids.js';

/** Every entry of a ZIP, read with a ZIP library (not ours). */
function unzip(buf: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const files = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => { files.set(entry.fileName, Buffer.concat(chunks).toString('utf8')); zip.readEntry(); });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

let phoneSeq = 3000;
const nextPhone = () => `+1 212 555 ${String(phoneSeq++)}`;
const e164 = (p: string) => `+${p.replace(/\D/g, '')}`;
const DAY = 86_400_000;

/** Runs `work` with the app's clock moved forward. */
async function later<T>(env: TestEnv, ms: number, work: () => Promise<T>): Promise<T> {
  const real = env.ctx.now;
  env.ctx.now = () => new Date(real().getTime() + ms);
  try { return await work(); } finally { env.ctx.now = real; }
}

async function texts(env: TestEnv, phone: string) {
  const { rows } = await env.ctx.database.query<{ body: string; kind: string; from: string; conversation_id: string | null }>(
    `select body, kind, "from", conversation_id from messages where direction = 'outbound' and "to" = $1 order by created_at, id`, [e164(phone)]);
  return rows;
}
const lastCode = async (env: TestEnv, phone: string) => /code is (\d{6})/.exec((await texts(env, phone)).at(-1)?.body ?? '')?.[1] ?? '';

describeEachDb('data requests', (use) => {
  async function business() {
    const env = use();
    const owner = await signUp(env.app);
    const number = (await owner.client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const page = (await owner.client.get('/v1/data-requests/page')).json().url as string;
    const slug = page.split('/privacy/')[1];
    /** A customer who texted the business (a contact with a message). */
    const customer = async (body = 'Hello there') => {
      const phone = nextPhone();
      const r = (await owner.client.post('/v1/simulator/inbound', { from: phone, to: number.phoneNumber, body })).json();
      return { phone, contactId: r.contactId as string };
    };
    return { ...owner, owner: owner.client, number, slug, customer };
  }

  /** The public page as an end customer (JSON posts, no session). */
  function person(slug: string) {
    const app = use().app;
    const post = (path: string, body: Record<string, unknown>) => app.inject({ method: 'POST', url: `/privacy/${slug}${path}`, payload: body });
    return {
      async start(phone: string) {
        const html = (await app.inject({ method: 'GET', url: `/privacy/${slug}` })).body;
        const token = /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
        return post('', { phone, token });
      },
      verify: (ticket: string, code: string) => post('/verify', { ticket, code }),
      choose: (ticket: string, type: string, extra: Record<string, string> = {}) => post('/request', { ticket, type, ...extra }),
      download: (ticket: string) => post('/download', { ticket }),
    };
  }

  async function verified(slug: string, phone: string) {
    const p = person(slug);
    const { ticket } = (await p.start(phone)).json();
    const v = await p.verify(ticket, await lastCode(use(), phone));
    expect(v.statusCode).toBe(200);
    return { p, ticket: ticket as string };
  }

  it('the page: server-rendered with its own CSP, never framed or cached; unknown slug 404', async () => {
    const b = await business();
    const page = await use().app.inject({ method: 'GET', url: `/privacy/${b.slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Text me a code');
    expect((await use().app.inject({ method: 'GET', url: '/privacy/acct_01h455vb4pex5vsknk084sn02q' })).statusCode).toBe(404);
    expect((await use().app.inject({ method: 'GET', url: '/privacy/no-such-form' })).statusCode).toBe(404);
    // A stale or forged page token is refused.
    expect((await use().app.inject({ method: 'POST', url: `/privacy/${b.slug}`, payload: { phone: nextPhone(), token: '1.x' } })).json().error.code).toBe('form_expired');
  });

  it('verification: a known and an unknown number get identical answers; 5 wrong codes lock the number for 15 minutes; codes expire', async () => {
    const env = use();
    const b = await business();
    const known = await b.customer();
    const unknown = nextPhone();
    const p = person(b.slug);
    const [k, u] = [await p.start(known.phone), await p.start(unknown)];
    expect([k.statusCode, u.statusCode]).toEqual([200, 200]);
    expect(Object.keys(k.json())).toEqual(Object.keys(u.json()));
    expect(k.json().ticket).toMatch(/^[0-9a-f-]{36}\.[\w-]+$/);
    expect(u.json().ticket.length).toBe(k.json().ticket.length);
    // Only the known number is texted, from the business's number, in no conversation; no contact is made for the stranger.
    expect(await texts(env, known.phone)).toMatchObject([{ kind: 'keyword_reply', from: b.number.phoneNumber, conversation_id: null }]);
    expect(await texts(env, unknown)).toEqual([]);
    expect((await env.ctx.database.query('select 1 from contacts where phone = $1', [e164(unknown)])).rows).toEqual([]);
    const { rows } = await env.ctx.database.query<{ code_hash: string | null }>('select code_hash from data_request_codes where phone = $1', [e164(known.phone)]);
    expect(rows[0].code_hash).not.toContain(await lastCode(env, known.phone)); // hashed at rest
    // Wrong codes: the same answers for both, then a cool-down.
    const realCode = await lastCode(env, known.phone);
    const wrong = realCode === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 5; i++) {
      const [a, c] = [await p.verify(k.json().ticket, wrong), await p.verify(u.json().ticket, wrong)];
      expect(a.statusCode).toBe(i < 5 ? 422 : 429);
      expect(c.statusCode).toBe(a.statusCode);
      expect(c.json().error.code).toBe(a.json().error.code);
      expect(c.json().error.message).toBe(a.json().error.message);
      if (i < 5) expect(a.json().error.details.attemptsLeft).toBe(5 - i);
    }
    expect((await p.verify(k.json().ticket, realCode)).statusCode).toBe(429); // a locked code stays dead
    expect((await p.start(known.phone)).statusCode).toBe(429); // the number cools down
    expect((await p.start(unknown)).statusCode).toBe(429);
    await later(env, 16 * 60_000, async () => {
      const again = await p.start(known.phone);
      expect(again.statusCode).toBe(200);
      // Ten minutes later the code has expired.
      const code = await lastCode(env, known.phone);
      await later(env, 11 * 60_000, async () => expect((await p.verify(again.json().ticket, code)).json().error.code).toBe('code_expired'));
      expect((await p.verify(again.json().ticket, code)).json()).toMatchObject({ status: 'verified' });
    });
    expect((await p.verify(`${k.json().ticket.split('.')[0]}.forged`, realCode)).json().error.code).toBe('invalid_ticket');
  });

  it('access: the download holds this person\'s messages and consent history only; recorded as a completed request', async () => {
    const b = await business();
    const a = await b.customer('My secret is plums');
    const other = await b.customer('Other person text');
    await b.owner.post(`/v1/contacts/${a.contactId}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes, text me A deals' } });
    await b.owner.post(`/v1/contacts/${other.contactId}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes, text me B deals' } });
    const { p, ticket } = await verified(b.slug, a.phone);
    expect((await p.download(ticket)).json().error.code).toBe('access_not_requested');
    const r = await p.choose(ticket, 'access');
    expect(r.json()).toMatchObject({ type: 'access', status: 'completed' });
    const dl = await p.download(ticket);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/zip');
    expect(dl.headers['content-disposition']).toMatch(/attachment/);
    expect(dl.headers['cache-control']).toBe('no-store');
    const files = await unzip(dl.rawPayload);
    const messages = JSON.parse(files.get('messages.json')!) as Array<{ body: string; from: string }>;
    expect(messages.map((m) => m.body)).toContain('My secret is plums');
    expect(JSON.stringify(messages)).not.toContain('Other person text');
    expect(JSON.stringify(messages)).not.toContain(e164(other.phone));
    const consent = JSON.parse(files.get('consent_history.json')!) as Array<{ kind: string; evidence: { wording?: string } }>;
    expect(consent).toEqual([expect.objectContaining({ kind: 'opt_in', evidence: expect.objectContaining({ wording: 'Yes, text me A deals' }) })]);
    expect(JSON.parse(files.get('contact.json')!)).toEqual([expect.objectContaining({ phone: e164(a.phone) })]);
    const got = (await b.owner.get(`/v1/data-requests/${r.json().id}`)).json();
    expect(got).toMatchObject({ channel: 'web', verified: true, verifiedBy: 'sms_code', status: 'completed', answerChannels: ['page'] });
    expect(got.trail.map((e: { action: string }) => e.action)).toEqual(['created', 'verified', 'status', 'answered', 'downloaded']);
    // Audited (never with the number).
    const audit = ((await b.owner.get('/v1/audit-events?limit=100')).json().data as Array<{ action: string; details: unknown }>).filter((e) => e.action.startsWith('data_request.'));
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['data_request.created', 'data_request.verified', 'data_request.downloaded']));
    expect(JSON.stringify(audit)).not.toContain(e164(a.phone));
  });

  it('opt-out of everything: at once, the number is suppressed', async () => {
    const b = await business();
    const a = await b.customer();
    const { p, ticket } = await verified(b.slug, a.phone);
    expect((await p.choose(ticket, 'opt_out')).json()).toMatchObject({ type: 'opt_out', status: 'completed' });
    expect((await b.owner.get(`/v1/contacts/${a.contactId}/consent`)).json()).toMatchObject({ state: 'opted_out', suppressed: true });
    const send = await b.owner.post('/v1/messages', { from: b.number.phoneNumber, to: a.phone, body: 'Deal!' });
    expect(send.json().error.code).toBe('recipient_opted_out');
  });

  it('correction: queued verified; completing it applies the new name and texts the answer', async () => {
    const env = use();
    const b = await business();
    const a = await b.customer();
    const { p, ticket } = await verified(b.slug, a.phone);
    expect((await p.choose(ticket, 'correction', {})).json().error.code).toBe('correction_empty');
    const r = (await p.choose(ticket, 'correction', { text: 'My name is spelt wrong', firstName: 'Jeanne', email: 'jeanne@example.com' })).json();
    expect(r).toMatchObject({ type: 'correction', status: 'verified' });
    const queued = (await b.owner.get('/v1/data-requests?type=correction')).json().data;
    expect(queued).toEqual([expect.objectContaining({ id: r.id, correction: { text: 'My name is spelt wrong', firstName: 'Jeanne', lastName: null, email: 'jeanne@example.com' } })]);
    expect((await b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'in_progress' })).json().status).toBe('in_progress');
    const done = (await b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'completed', answer: 'We fixed your name, Jeanne.' })).json();
    expect(done).toMatchObject({ status: 'completed', answer: 'We fixed your name, Jeanne.', answerChannels: ['sms'], closedAt: expect.any(String) });
    expect((await b.owner.get(`/v1/contacts/${a.contactId}`)).json()).toMatchObject({ firstName: 'Jeanne', email: 'jeanne@example.com' });
    expect((await texts(env, a.phone)).at(-1)).toMatchObject({ kind: 'keyword_reply', body: 'We fixed your name, Jeanne.' });
  });

  it('access: a download whose process died leaves the person\'s ZIP on disk for an hour at most — the next download and the hourly expiry sweep it', async () => {
    const env = use();
    const b = await business();
    const a = await b.customer('My secret is apricots');
    const { p, ticket } = await verified(b.slug, a.phone);
    expect((await p.choose(ticket, 'access')).statusCode).toBe(200);
    // What a process killed while writing a download left (personal data), and a download being written right now.
    const root = join(env.config.dataDir, 'access-scratch');
    const left = (name: string) => {
      mkdirSync(join(root, name), { recursive: true, mode: 0o700 });
      writeFileSync(join(root, name, 'my-data.zip'), `messages.json ${e164(a.phone)} My secret is apricots`);
      return join(root, name);
    };
    const dead = left(`${Date.now() - 2 * 3_600_000}-dead01`);
    const live = left(`${Date.now()}-live01`);
    expect((await p.download(ticket)).statusCode).toBe(200);
    expect(existsSync(dead), 'a dead download\'s folder is swept by the next one').toBe(false);
    expect(existsSync(live), 'a download in progress is left alone').toBe(true);
    const dead2 = left(`${Date.now() - 2 * 3_600_000}-dead02`);
    await expireExports(env.ctx);
    expect(existsSync(dead2), 'and by the hourly expiry').toBe(false);
    rmSync(live, { recursive: true, force: true });
  });

  it('deletion (also for a number that texted STOP): completing it erases the person, keeps the suppression, emails the answer', async () => {
    const env = use();
    const b = await business();
    const a = await b.customer('Please forget me');
    await b.owner.post('/v1/simulator/inbound', { from: a.phone, to: b.number.phoneNumber, body: 'STOP' });
    const { p, ticket } = await verified(b.slug, a.phone); // the code still reaches a STOPped number
    const r = (await p.choose(ticket, 'deletion', { email: 'gone@example.com' })).json();
    expect(r).toMatchObject({ type: 'deletion', status: 'verified' });
    const done = await b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'completed' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', phone: null, email: null, contactId: null, answerChannels: ['email'] });
    expect(done.json().trail.map((e: { action: string }) => e.action)).toContain('erased');
    expect((await b.owner.get(`/v1/contacts/${a.contactId}`)).statusCode).toBe(404);
    const left = await env.ctx.database.query(`select 1 from messages where "to" = $1 or "from" = $1 or body like '%forget me%'`, [e164(a.phone)]);
    expect(left.rows).toEqual([]);
    const codes = await env.ctx.database.query('select 1 from data_request_codes where phone = $1', [e164(a.phone)]);
    expect(codes.rows).toEqual([]);
    expect((await b.owner.post('/v1/messages', { from: b.number.phoneNumber, to: a.phone, body: 'Hi' })).json().error.code).toBe('recipient_opted_out');
    expect((await emailsTo(env.app, 'gone@example.com', env.config.operatorToken))[0]).toMatchObject({ subject: 'Your privacy request', text: expect.stringMatching(/deleted your personal data/) });
  });

  it('erasure: staff-written texts of the person\'s requests (reasons, answers) keep nothing of the person; the proof (dates, decision, trail steps, keyed hash) stays', async () => {
    const env = use();
    const b = await business();
    const a = await b.customer('Hi');
    const email = `jane.roe.${phoneSeq}@example.com`;
    const quote = `Jane Roe (${a.phone}, ${email})`;
    // An earlier request, denied, and the deletion itself: staff quote the person in every text they write.
    const access = (await b.owner.post('/v1/data-requests', { type: 'access', channel: 'phone', phone: a.phone, email, verified: true })).json();
    expect((await b.owner.patch(`/v1/data-requests/${access.id}`, { extend: { reason: `${quote} asked for her old messages too` } })).statusCode).toBe(200);
    expect((await b.owner.patch(`/v1/data-requests/${access.id}`, { status: 'denied', reason: `${quote} called from another number` })).statusCode).toBe(200);
    const del = (await b.owner.post('/v1/data-requests', { type: 'deletion', channel: 'phone', phone: a.phone, email, verified: true })).json();
    expect((await b.owner.patch(`/v1/data-requests/${del.id}`, { extend: { reason: `${quote} asked us to wait for her last invoice` } })).statusCode).toBe(200);
    const done = await b.owner.patch(`/v1/data-requests/${del.id}`, { status: 'completed', reason: `done as ${quote} asked`, answer: `Dear Jane Roe, we deleted ${a.phone} and ${email}.` });
    expect(done.statusCode, done.body).toBe(200);
    // The deletion's answer waits in the email log until it is sent (its own rule: blanked once sent, README Known limits).
    const dump = (await dumpDatabase(env.ctx.database)).filter((l) => l.where !== 'public.emails');
    const digits = e164(a.phone).slice(1);
    expect(findTraces(dump, { digits: [digits, digits.slice(1)], strings: ['jane roe', email] })).toEqual([]);
    // The proof: type, decision, dates, answer channels, who took each step and when.
    for (const [id, status, type] of [[access.id, 'denied', 'access'], [del.id, 'completed', 'deletion']]) {
      const r = (await b.owner.get(`/v1/data-requests/${id}`)).json();
      expect(r).toMatchObject({ type, status, phone: null, email: null, extendedAt: expect.any(String), closedAt: expect.any(String), answeredAt: expect.any(String), answerChannels: expect.arrayContaining(['email']) });
      expect(r.trail.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['created', 'verified', 'extended', 'status', 'answered']));
      expect(r.trail.every((e: { actor: { label: string | null } }) => e.actor.label !== null)).toBe(true);
    }
    const row = await env.ctx.database.query<{ phone_hash: string | null }>('select phone_hash from data_requests where phone_hash is not null and id = $1', [fromPublicId('dataRequest', del.id)]);
    expect(row.rows).toHaveLength(1);
  });

  it('the queue: logging a request, due dates per regime, forward-only trail, denial needs a reason, one extension, overdue flagged', async () => {
    const b = await business();
    const at = new Date(Date.now() - 40 * DAY);
    const gdpr = await b.owner.post('/v1/data-requests', { type: 'access', channel: 'email', regime: 'gdpr', email: 'someone@example.com', receivedAt: at.toISOString(), note: 'asked by email' });
    expect(gdpr.statusCode).toBe(201);
    const expectedDue = new Date(at); expectedDue.setUTCMonth(expectedDue.getUTCMonth() + 1);
    expect(gdpr.json()).toMatchObject({ id: expect.stringMatching(/^dsr_/), status: 'received', verified: false, regime: 'gdpr', dueAt: expectedDue.toISOString(), overdue: true });
    const ccpa = (await b.owner.post('/v1/data-requests', { type: 'deletion', channel: 'phone', regime: 'ccpa', phone: nextPhone(), verified: true })).json();
    expect(new Date(ccpa.dueAt).getTime() - new Date(ccpa.receivedAt).getTime()).toBe(45 * DAY);
    expect(ccpa).toMatchObject({ status: 'verified', verifiedBy: 'staff', overdue: false });
    // Bad input.
    expect((await b.owner.post('/v1/data-requests', { type: 'access', channel: 'phone' })).json().error.code).toBe('contact_required');
    expect((await b.owner.post('/v1/data-requests', { type: 'access', channel: 'phone', phone: 'not a phone' })).json().error.code).toBe('invalid_phone');
    expect((await b.owner.post('/v1/data-requests', { type: 'access', channel: 'phone', email: 'a@example.com', receivedAt: new Date(Date.now() + DAY).toISOString() })).json().error.code).toBe('received_in_future');
    expect((await b.owner.post('/v1/data-requests', { type: 'everything', channel: 'phone', email: 'a@example.com' })).json().error.code).toBe('validation_failed');
    expect((await b.owner.patch(`/v1/data-requests/${gdpr.json().id}`, { status: 'completed' })).json().error.code).toBe('invalid_transition');
    expect((await b.owner.patch(`/v1/data-requests/${gdpr.json().id}`, { status: 'denied' })).json().error.code).toBe('reason_required');
    expect((await b.owner.patch(`/v1/data-requests/${gdpr.json().id}`, { answer: 'hi' })).json().error.code).toBe('answer_without_close');
    expect((await b.owner.patch('/v1/data-requests/dsr_01h455vb4pex5vsknk084sn02q', { status: 'verified' })).statusCode).toBe(404);
    // Overdue: flagged, listed, filterable; never dropped.
    const overdue = (await b.owner.get('/v1/data-requests?overdue=true')).json().data;
    expect(overdue.map((r: { id: string }) => r.id)).toEqual([gdpr.json().id]);
    expect((await b.owner.get('/v1/data-requests')).json().data.map((r: { id: string }) => r.id)).toEqual([gdpr.json().id, ccpa.id]);
    // Extension: once, with a reason, from the current due date — only before the due date passed (GDPR Art. 12(3) and CCPA
    // § 1798.130(a)(2): the person is told of it within the first period); an overdue request stays overdue.
    const late = await b.owner.patch(`/v1/data-requests/${gdpr.json().id}`, { extend: { reason: 'Many requests this month' } });
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'extension_too_late']);
    expect((await b.owner.get(`/v1/data-requests/${gdpr.json().id}`)).json()).toMatchObject({ dueAt: expectedDue.toISOString(), extendedAt: null, overdue: true });
    const inTime = (await b.owner.post('/v1/data-requests', { type: 'access', channel: 'email', regime: 'gdpr', email: 'someone.else@example.com', receivedAt: new Date(Date.now() - 20 * DAY).toISOString() })).json();
    const ext = (await b.owner.patch(`/v1/data-requests/${inTime.id}`, { extend: { reason: 'Many requests this month' } })).json();
    const extendedDue = new Date(inTime.dueAt); extendedDue.setUTCMonth(extendedDue.getUTCMonth() + 2);
    expect(ext).toMatchObject({ dueAt: extendedDue.toISOString(), extensionReason: 'Many requests this month', overdue: false });
    expect((await b.owner.patch(`/v1/data-requests/${inTime.id}`, { extend: { reason: 'again' } })).json().error.code).toBe('already_extended');
    const denied = (await b.owner.patch(`/v1/data-requests/${gdpr.json().id}`, { status: 'denied', reason: 'We could not verify who you are' })).json();
    // Never verified: the answer stays on the request, nothing is emailed to an address nobody verified.
    expect(denied).toMatchObject({ status: 'denied', denialReason: 'We could not verify who you are', answerChannels: [], answer: expect.stringContaining('could not verify') });
    expect(denied.trail.map((e: { action: string; toStatus: string | null }) => [e.action, e.toStatus])).toEqual([['created', 'received'], ['status', 'denied'], ['answered', null]]);
    expect((await b.owner.patch(`/v1/data-requests/${gdpr.json().id}`, { status: 'in_progress' })).json().error.code).toBe('invalid_transition');
    expect((await b.owner.get('/v1/data-requests?status=denied')).json().data).toHaveLength(1);
  });

  it('a deletion or opt-out that names no number is not completed: nothing would be erased or opted out, yet the person would be told it was', async () => {
    const env = use();
    const b = await business();
    const a = await b.customer('Please forget me');
    expect((await b.owner.patch(`/v1/contacts/${a.contactId}`, { email: 'forget.me@example.com' })).statusCode).toBe(200);
    for (const type of ['deletion', 'opt_out']) {
      const r = (await b.owner.post('/v1/data-requests', { type, channel: 'email', email: 'forget.me@example.com', verified: true })).json();
      const done = await b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'completed' });
      expect([done.statusCode, done.json().error?.code], type).toEqual([422, 'phone_required']);
      expect((await b.owner.get(`/v1/data-requests/${r.id}`)).json(), type).toMatchObject({ status: 'verified', answer: null, answeredAt: null });
      expect((await b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'denied', reason: 'Tell us the number you were texted on' })).statusCode, type).toBe(200);
    }
    expect((await b.owner.get(`/v1/contacts/${a.contactId}`)).statusCode).toBe(200); // nothing was done to the person
    expect((await emailsTo(env.app, 'forget.me@example.com', env.config.operatorToken)).map((m) => m.text).join('\n')).not.toMatch(/we deleted your personal data|opted out of all/);
    // A request whose person was erased since (its number cleared, the keyed hash kept) still closes.
    const first = (await b.owner.post('/v1/data-requests', { type: 'deletion', channel: 'phone', phone: a.phone, verified: true })).json();
    expect((await b.owner.delete(`/v1/contacts/${a.contactId}`)).statusCode).toBe(204); // the person erased another way
    expect((await b.owner.get(`/v1/data-requests/${first.id}`)).json()).toMatchObject({ phone: null, status: 'verified' });
    expect((await b.owner.patch(`/v1/data-requests/${first.id}`, { status: 'completed' })).json()).toMatchObject({ status: 'completed' });
  });

  it('an extension is told to the person with its reason and the new due date (text to a verified number, email), and the final answer still goes', async () => {
    const env = use();
    const b = await business();
    const a = await b.customer();
    const email = `ext.${phoneSeq}@example.com`;
    const r = (await b.owner.post('/v1/data-requests', { type: 'access', channel: 'phone', phone: a.phone, email, verified: true })).json();
    const ext = (await b.owner.patch(`/v1/data-requests/${r.id}`, { extend: { reason: 'We are gathering your call recordings' } })).json();
    const due = ext.dueAt.slice(0, 10);
    const sms = (await texts(env, a.phone)).at(-1)!;
    expect(sms).toMatchObject({ kind: 'keyword_reply', conversation_id: null });
    expect(sms.body).toContain('We are gathering your call recordings');
    expect(sms.body).toContain(due);
    const mail = (await emailsTo(env.app, email, env.config.operatorToken)).at(-1)!;
    expect(mail.text).toContain('We are gathering your call recordings');
    expect(mail.text).toContain(due);
    expect(ext.trail.map((e: { action: string }) => e.action)).toEqual(['created', 'verified', 'extended', 'extension_told']);
    expect(ext.trail.at(-1).reason).toBe('given by sms and email');
    // The answer later is a text of its own (not taken for the extension's).
    expect((await b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'completed', answer: 'Here is what we hold.' })).json()).toMatchObject({ answerChannels: ['sms', 'email'] });
    expect((await texts(env, a.phone)).at(-1)).toMatchObject({ body: 'Here is what we hold.' });
  });

  it('a request nobody verified cannot be started and then completed: "Start" skipped the identity check, erased the person and recorded them as verified by staff', async () => {
    const b = await business();
    const a = await b.customer('Keep my data');
    const r = (await b.owner.post('/v1/data-requests', { type: 'deletion', channel: 'phone', phone: a.phone })).json();
    expect(r).toMatchObject({ status: 'received', verified: false });
    const start = await b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'in_progress' });
    expect([start.statusCode, start.json().error?.code]).toEqual([409, 'invalid_transition']);
    expect((await b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'completed' })).statusCode).toBe(409);
    expect((await b.owner.get(`/v1/data-requests/${r.id}`)).json()).toMatchObject({ status: 'received', verified: false, verifiedBy: null });
    expect((await b.owner.get(`/v1/contacts/${a.contactId}`)).statusCode).toBe(200);
    // Verified first (a step of the trail, by whom), it is started and completed as before.
    expect((await b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'verified' })).json()).toMatchObject({ verified: true, verifiedBy: 'staff' });
    expect((await b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'in_progress' })).statusCode).toBe(200);
    const done = (await b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'completed' })).json();
    expect(done.trail.map((e: { action: string; toStatus: string | null }) => [e.action, e.toStatus]).slice(0, 3)).toEqual([['created', 'received'], ['verified', 'verified'], ['status', 'in_progress']]);
    expect((await b.owner.get(`/v1/contacts/${a.contactId}`)).statusCode).toBe(404);
  });

  it('the privacy page stays at the address it was published under when the business switches its sign-up form off', async () => {
    const env = use();
    const b = await business();
    const a = await b.customer();
    const slug = `acme-${Math.random().toString(36).slice(2, 10)}`;
    const form = {
      slug, title: 'Get our deals', consentWording: 'Yes, text me Acme deals (up to 4/month). Consent is not a condition of purchase. Reply STOP to opt out.',
      programName: 'Deals', frequency: 'Up to 4 msgs/month', confirmBy: 'code', tags: ['web'],
    };
    const saved = await b.owner.request('PUT', '/v1/signup-form', form);
    expect(saved.statusCode, saved.body).toBeLessThan(300);
    const published = (await b.owner.get('/v1/data-requests/page')).json().url as string;
    expect(published.endsWith(`/privacy/${slug}`)).toBe(true);
    expect((await b.owner.request('PUT', '/v1/signup-form', { ...form, enabled: false })).statusCode).toBeLessThan(300);
    expect((await env.app.inject({ method: 'GET', url: `/join/${slug}` })).statusCode).toBe(404); // the sign-up form is off
    expect((await env.app.inject({ method: 'GET', url: `/privacy/${slug}` })).statusCode).toBe(200); // the privacy page is not
    const { ticket } = await verified(slug, a.phone);
    expect((await person(slug).choose(ticket, 'opt_out')).json()).toMatchObject({ type: 'opt_out', status: 'completed' });
  });

  it('a list cursor that is not one of ours is a 400, never a 500', async () => {
    const b = await business();
    for (const id of ['0000000-00000-0000-0000-000000000000', '------------------------------------', '0000000000000000000000000000000000-0']) {
      const res = await b.owner.get(`/v1/data-requests?cursor=${Buffer.from(`2026-01-01T00:00:00.000Z|${id}`).toString('base64url')}`);
      expect([res.statusCode, res.json().error?.code], id).toEqual([400, 'invalid_cursor']);
    }
  });

  it('roles and isolation: viewers and agents see nothing; another account gets 404', async () => {
    const env = use();
    const b = await business();
    const r = (await b.owner.post('/v1/data-requests', { type: 'access', channel: 'phone', phone: nextPhone() })).json();
    const email = `viewer-${Math.random().toString(36).slice(2)}@example.com`;
    await b.owner.post('/v1/invitations', { email, role: 'viewer' });
    const viewer = new Client(env.app);
    const token = tokenFrom((await lastEmailTo(env.app, email, env.config.operatorToken)).text);
    expect((await viewer.post('/v1/invitations/accept', { token, name: 'V', phone: '+44 20 7946 0958', password: STRONG_PASSWORD })).statusCode).toBe(201);
    expect((await viewer.get('/v1/data-requests')).statusCode).toBe(403);
    expect((await viewer.get(`/v1/data-requests/${r.id}`)).statusCode).toBe(403);
    const other = await business();
    expect((await other.owner.get(`/v1/data-requests/${r.id}`)).statusCode).toBe(404);
    expect((await other.owner.patch(`/v1/data-requests/${r.id}`, { status: 'verified' })).statusCode).toBe(404);
    expect((await other.owner.get('/v1/data-requests')).json().data).toEqual([]);
    // A verified person of one business cannot use their ticket on another's page.
    const a = await b.customer();
    const { ticket } = await verified(b.slug, a.phone);
    expect((await person(other.slug).choose(ticket, 'access')).json().error.code).toBe('invalid_ticket');
  });

  it('a completion and a denial sent at once: exactly one wins and the other is a 409 — the person is erased only when the request ends completed', async () => {
    const b = await business();
    for (let i = 0; i < 3; i++) {
      const a = await b.customer('Race me');
      const r = (await b.owner.post('/v1/data-requests', { type: 'deletion', channel: 'phone', phone: a.phone, verified: true })).json();
      const [done, denied] = await Promise.all([
        b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'completed' }),
        b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'denied', reason: 'We could not verify who you are' }),
      ]);
      expect([done.statusCode, denied.statusCode].sort()).toEqual([200, 409]);
      expect((done.statusCode === 409 ? done : denied).json().error.code).toBe('invalid_transition');
      const final = (await b.owner.get(`/v1/data-requests/${r.id}`)).json();
      expect(final.status).toBe(done.statusCode === 200 ? 'completed' : 'denied');
      expect((await b.owner.get(`/v1/contacts/${a.contactId}`)).statusCode, final.status).toBe(final.status === 'completed' ? 404 : 200);
      expect(final.trail.filter((e: { action: string }) => e.action === 'answered')).toHaveLength(1);
      expect(final.trail.filter((e: { action: string }) => e.action === 'erased')).toHaveLength(final.status === 'completed' ? 1 : 0);
    }
  });

  it('the same request sent twice at once from the privacy page is one request (the second answer names the first)', async () => {
    const env = use();
    const b = await business();
    const a = await b.customer();
    const { p, ticket } = await verified(b.slug, a.phone);
    for (const [type, extra] of [['deletion', { email: `twice.${phoneSeq}@example.com` }], ['access', {}], ['opt_out', {}]] as const) {
      const rs = await Promise.all([p.choose(ticket, type, extra), p.choose(ticket, type, extra)]);
      expect(rs.map((r) => r.statusCode), type).toEqual([200, 200]);
      expect(rs[1].json().id, type).toBe(rs[0].json().id);
    }
    const list = (await b.owner.get('/v1/data-requests')).json().data as Array<{ type: string }>;
    expect(list.map((r) => r.type).sort()).toEqual(['access', 'deletion', 'opt_out']);
    const { rows } = await env.ctx.database.query(`select 1 from consent_events where contact_id = $1 and kind = 'opt_out'`, [fromPublicId('contact', a.contactId)]);
    expect(rows).toHaveLength(1);
  });

  it('nothing is emailed to an address nobody verified (anyone can give a victim\'s email): not the extension notice, not the answer', async () => {
    const env = use();
    const b = await business();
    const victim = `victim.${phoneSeq}@example.com`;
    const r = (await b.owner.post('/v1/data-requests', { type: 'access', channel: 'email', email: victim })).json();
    expect(r).toMatchObject({ status: 'received', verified: false });
    const ext = await b.owner.patch(`/v1/data-requests/${r.id}`, { extend: { reason: 'We are gathering your call recordings' } });
    expect(ext.statusCode, ext.body).toBe(200);
    expect(ext.json().trail.at(-1)).toMatchObject({ action: 'extension_told', reason: 'not sent (no verified number or email to send it to)' });
    const denied = (await b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'denied', reason: 'We could not verify who you are' })).json();
    expect(denied).toMatchObject({ status: 'denied', answerChannels: [], answer: expect.stringContaining('could not verify') });
    expect(await emailsTo(env.app, victim, env.config.operatorToken)).toEqual([]);
    // Verified (by staff), the same address is told.
    const ok = (await b.owner.post('/v1/data-requests', { type: 'access', channel: 'email', email: victim, verified: true })).json();
    expect((await b.owner.patch(`/v1/data-requests/${ok.id}`, { extend: { reason: 'Many requests this month' } })).json().trail.at(-1).reason).toBe('given by email');
    expect(await emailsTo(env.app, victim, env.config.operatorToken)).toHaveLength(1);
  });

  it('a correction whose person the business no longer holds is answered truthfully (nothing held, nothing corrected), not "corrected"', async () => {
    const b = await business();
    const a = await b.customer();
    const r = (await b.owner.post('/v1/data-requests', { type: 'correction', channel: 'phone', phone: a.phone, verified: true, correction: { firstName: 'Jeanne' } })).json();
    expect((await b.owner.request('DELETE', `/v1/contacts/${a.contactId}`)).statusCode).toBeLessThan(300);
    const done = await b.owner.patch(`/v1/data-requests/${r.id}`, { status: 'completed' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe('completed');
    expect(done.json().answer).not.toMatch(/corrected your details/);
    expect(done.json().answer).toMatch(/hold no personal data.*nothing to correct/i);
    expect(done.json().trail.map((e: { action: string }) => e.action)).toContain('nothing_held');
    // A person still held is corrected and told so.
    const c = await b.customer();
    const r2 = (await b.owner.post('/v1/data-requests', { type: 'correction', channel: 'phone', phone: c.phone, verified: true, correction: { firstName: 'Jean' } })).json();
    const done2 = (await b.owner.patch(`/v1/data-requests/${r2.id}`, { status: 'completed' })).json();
    expect(done2.answer).toMatch(/corrected your details/);
    expect(done2.trail.map((e: { action: string }) => e.action)).not.toContain('nothing_held');
    expect((await b.owner.get(`/v1/contacts/${c.contactId}`)).json()).toMatchObject({ firstName: 'Jean' });
  });

  it('access: a recycled number\'s download holds its current holder\'s consent history only, not the earlier holder\'s (events are keyed by the number)', async () => {
    const b = await business();
    const earlier = await b.customer('I had this number first');
    await b.owner.post(`/v1/contacts/${earlier.contactId}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Earlier holder said yes' } });
    await b.owner.post(`/v1/contacts/${earlier.contactId}/consent`, { kind: 'opt_out', source: 'api', evidence: { wording: 'Earlier holder said stop' } });
    expect((await b.owner.request('DELETE', `/v1/contacts/${earlier.contactId}`)).statusCode).toBeLessThan(300);
    // The number changes hands: its new holder texts the business.
    const r = (await b.owner.post('/v1/simulator/inbound', { from: earlier.phone, to: b.number.phoneNumber, body: 'New holder here' })).json();
    expect(r.contactId).not.toBe(earlier.contactId);
    await b.owner.post(`/v1/contacts/${r.contactId}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'New holder said yes' } });
    const { p, ticket } = await verified(b.slug, earlier.phone);
    expect((await p.choose(ticket, 'access')).statusCode).toBe(200);
    const files = await unzip((await p.download(ticket)).rawPayload);
    const consent = JSON.parse(files.get('consent_history.json')!) as Array<{ kind: string; evidence: { wording?: string } }>;
    expect(consent).toEqual([expect.objectContaining({ kind: 'opt_in', evidence: expect.objectContaining({ wording: 'New holder said yes' }) })]);
    expect(files.get('consent_history.csv')!.split('\n').filter((l) => l.trim()).length).toBe(2); // the header and the one event
  });

  it('the code request runs the same statements whether the business holds the number or not (no timing difference to measure)', async () => {
    const env = use();
    if (env.ctx.database.kind !== 'postgres') return; // the statements are counted on PostgreSQL's client
    const b = await business();
    const known = await b.customer();
    const p = person(b.slug);
    await p.start(nextPhone()); // the first of the page warms what it caches
    const statements = async (phone: string) => {
      const seen: string[] = [];
      const query = pg.Client.prototype.query;
      pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
        const a = args[0] as string | { text?: string };
        const text = typeof a === 'string' ? a : a?.text ?? '';
        if (!/pgboss/i.test(text)) seen.push(text.replace(/savepoint \w+/gi, 'savepoint').replace(/^(release|rollback to) savepoint/i, 'end savepoint'));
        return (query as (...x: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      try {
        expect((await p.start(phone)).statusCode).toBe(200);
      } finally {
        pg.Client.prototype.query = query;
      }
      return seen;
    };
    const k = await statements(known.phone);
    const u = await statements(nextPhone());
    expect(k.length).toBeGreaterThan(3);
    expect(u).toEqual(k);
    expect(await texts(env, known.phone)).toHaveLength(1); // the known number still got its code
  });

  it('reminders: owners are emailed a week before, a day before and when overdue, once each (controlled clock)', async () => {
    const env = use();
    const b = await business();
    // CCPA 45 days, received 39 days ago: due in 6 days.
    const r = (await b.owner.post('/v1/data-requests', { type: 'deletion', channel: 'phone', regime: 'ccpa', phone: nextPhone(), receivedAt: new Date(Date.now() - 39 * DAY).toISOString() })).json();
    const subjects = async () => (await emailsTo(env.app, b.email, env.config.operatorToken)).map((m) => m.subject).filter((s) => /privacy requests/i.test(s));
    await remindDueRequests(env.ctx);
    expect(await subjects()).toEqual(['Privacy requests due soon']);
    const mail = (await emailsTo(env.app, b.email, env.config.operatorToken)).find((m) => m.subject === 'Privacy requests due soon')!;
    expect(mail.text).toContain(r.id);
    await remindDueRequests(env.ctx); // nothing new the same day
    expect(await subjects()).toHaveLength(1);
    await later(env, 5.5 * DAY, () => remindDueRequests(env.ctx));
    expect(await subjects()).toHaveLength(2);
    await later(env, 7 * DAY, () => remindDueRequests(env.ctx));
    expect((await subjects())[0]).toBe('Overdue privacy requests');
    await later(env, 8 * DAY, async () => {
      await remindDueRequests(env.ctx);
      expect((await b.owner.get('/v1/data-requests?overdue=true')).json().data.map((x: { id: string }) => x.id)).toEqual([r.id]);
    });
    expect(await subjects()).toHaveLength(3);
    const trail = (await b.owner.get(`/v1/data-requests/${r.id}`)).json().trail.filter((e: { action: string }) => e.action === 'reminded');
    expect(trail).toHaveLength(3);
  });
}, {}, { simulator: true });
