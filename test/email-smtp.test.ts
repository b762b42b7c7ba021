import { createServer, type Server } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { signUp, tokenFrom } from './factories.js';
import { secretBox } from '../src/lib/secret-box.js';
import { fromPublicId } from '../src/lib/ids.js';

/** A minimal SMTP server (no TLS, no auth) that keeps every message it receives. */
function fakeSmtp() {
  const received: string[] = [];
  const server: Server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          received.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write('250 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol).toUpperCase();
        buffer = buffer.slice(eol + 2);
        if (line.startsWith('EHLO') || line.startsWith('HELO')) socket.write('250 fake\r\n');
        else if (line.startsWith('DATA')) (inData = true), socket.write('354 go ahead\r\n');
        else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return { server, received };
}

/** Undoes quoted-printable soft breaks and escapes (nodemailer encodes long lines). */
const unQuote = (s: string) => s.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

const smtp = fakeSmtp();
await new Promise<void>((r) => smtp.server.listen(0, '127.0.0.1', r));
const port = (smtp.server.address() as { port: number }).port;
afterAll(() => new Promise<void>((r) => smtp.server.close(() => r())));

describeEachDb('email over SMTP', (use) => {
  it('the SMTP deliverer opens the sealed body: the recipient gets the live link, the stored row never holds it', async () => {
    const { app, ctx } = use();
    const { client: owner } = await signUp(app);
    const email = `smtp-${Math.random().toString(36).slice(2)}@example.com`;
    expect((await owner.post('/v1/invitations', { email, role: 'viewer' })).statusCode).toBe(201);
    await ctx.jobs.work();
    let message: string | undefined;
    for (let i = 0; i < 150 && !message; i++) {
      message = smtp.received.map(unQuote).find((m) => m.includes(`To: ${email}`));
      if (!message) await new Promise((r) => setTimeout(r, 100));
    }
    expect(message, 'the invitation reached the SMTP server').toBeDefined();
    expect(message).toContain('invited you to join');
    const token = tokenFrom(message!);
    expect(token.length).toBeGreaterThan(30);
    const rows = await ctx.database.query<{ row: string; status: string }>('select row_to_json(e)::text as row, status from emails e where "to" = $1', [email]);
    await expect.poll(async () => (await ctx.database.query<{ status: string }>('select status from emails where "to" = $1', [email])).rows[0].status).toBe('sent');
    expect(rows.rows[0].row).not.toContain(token);
    expect(rows.rows[0].row).not.toContain('invited you to join');
    // The link the recipient got works.
    const lookup = await app.inject({ method: 'GET', url: `/v1/invitations/lookup?token=${token}` });
    expect(lookup.statusCode).toBe(200);
  });

  it('the answer to a deletion request keeps neither the address nor the body once it is sent (the request keeps that it was answered, and how)', async () => {
    const { app, ctx } = use();
    const { client: owner, accountId } = await signUp(app);
    const account = fromPublicId('account', accountId);
    const email = `forget-${Math.random().toString(36).slice(2)}@example.com`;
    const r = (await owner.post('/v1/data-requests', { type: 'deletion', channel: 'email', regime: 'gdpr', email, phone: '+1 212 555 0142', verified: true })).json();
    const done = await owner.patch(`/v1/data-requests/${r.id}`, { status: 'completed' });
    // The request's own copy of the answer is blanked with the rest of what was written on it (4ad6c0b): it keeps the channels.
    expect(done.json()).toMatchObject({ status: 'completed', email: null, phone: null, answerChannels: ['email'], answer: '[erased with the person\'s data]' });
    await ctx.jobs.work();
    // The person got the answer…
    await expect.poll(() => smtp.received.map(unQuote).find((m) => m.includes(`To: ${email}`)) ?? null, { timeout: 15_000 }).toMatch(/deleted your personal data/);
    const answer = async () => (await ctx.database.query<{ to: string; text: string; status: string; error: string | null }>(
      `select "to", text, status, error from emails where account_id = $1 and subject = 'Your privacy request'`, [account])).rows;
    await expect.poll(async () => (await answer())[0]?.status, { timeout: 15_000 }).toBe('sent');
    // …and the email log keeps that an answer went, not to whom nor what it said.
    expect(await answer()).toEqual([{ to: '', text: '', status: 'sent', error: null }]);
    const named = await ctx.database.query(`select 1 from emails where lower("to") = $1`, [email]);
    expect(named.rows).toEqual([]);
  });

  it('the operator outbox still lists mail when one body was sealed under a SECRET_KEY no longer configured', async () => {
    const { app, ctx, config } = use();
    const id = '01900000-0000-7000-8000-00000000e1e1';
    const sealed = secretBox('a-retired-secret-key-0123456789-abcdefghij', 'email.body').encrypt('old body', id);
    await ctx.database.query(`insert into emails (id, "to", subject, text, status) values ($1, 'retired@example.com', 'Old mail', $2, 'outbox')`, [id, sealed]);
    const res = await app.inject({ method: 'GET', url: '/v1/operator/outbox', headers: { authorization: `Bearer ${config.operatorToken}` } });
    expect(res.statusCode).toBe(200);
    const mail = (res.json().data as Array<{ to: string; text: string }>).find((m) => m.to === 'retired@example.com');
    expect(mail?.text).toMatch(/no longer configured/);
  });
}, { SMTP_URL: `smtp://127.0.0.1:${port}` });
