import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { deliverInboundDue, fanOutInboundAll } from '../src/modules/twilio-compat/inbound-hooks.service.js';
import { deliverDue } from '../src/modules/webhooks/delivery.service.js';
import { fanOutAll } from '../src/modules/webhooks/fanout.service.js';
import { raceHeldFanout } from './fanout-race.js';
import { describeEachDb, settle, type TestEnv } from './harness.js';
import { postMultipart, signUp } from './factories.js';
import { runImport } from '../src/modules/imports/import-runner.js';
import { eraseByPhone } from '../src/modules/privacy/erasure.service.js';
import { dumpDatabase, dumpFiles, findTraces } from './erasure-dump.js';

/**
 * Issue 10, acceptance 1, for the logs a contact's erasure must reach besides her own rows: the
 * business's webhook delivery log (bodies, its receiver's answers), the Twilio-compatible inbound
 * webhook log (and the TwiML reply it caused), and the mail the platform sent her (the answer to
 * an earlier privacy request, to the email she gave in it). The whole database and DATA_DIR are
 * dumped afterwards (erasure-dump.ts): no trace of her may be left.
 */
describeEachDb('erasure reaches the delivery logs and the mail sent to the person', (use) => {
  let receiver: http.Server;
  let base = '';
  const got: string[] = [];

  beforeAll(async () => {
    // A receiver that echoes what it was sent (as many do): the logs keep its answers.
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        got.push(body);
        if ((req.url ?? '').startsWith('/sms')) {
          const from = new URLSearchParams(body).get('From') ?? '';
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(`<Response><Message>Thanks Zephyrine-Echo, we got your text from ${from}</Message></Response>`);
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(body);
        }
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    await use().ctx.jobs.work();
  }, 120_000);
  afterAll(async () => {
    await new Promise((r) => receiver.close(r));
  });

  /** Fans out and delivers both logs until `done` holds (the outbox is read below the oldest open transaction of the server: polled, bounded). */
  async function pump(env: TestEnv, done: () => Promise<boolean>) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      await fanOutAll(env.ctx);
      await deliverDue(env.ctx);
      await fanOutInboundAll(env.ctx);
      await deliverInboundDue(env.ctx);
      await settle(env);
      if ((await done()) || Date.now() > deadline) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('DELETE /v1/contacts/:id leaves her in no webhook or Twilio delivery log, and no mail to her address', async () => {
    const env = use();
    const PERSON = {
      e164: '+13125550467', digits: ['13125550467', '3125550467'],
      first: 'ZephyrineLogbook', email: 'zephyrine.logbook@example.org', inbound: 'Body-Inbound-Gazebo my gate code is 9071',
    };
    const { client: c, accountId } = await signUp(env.app);
    const account = fromPublicId('account', accountId)!;
    const number = (await c.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    expect((await c.patch(`/v1/numbers/${number.id}`, { twilioSmsUrl: `${base}/sms` })).statusCode).toBe(200);
    expect((await c.post('/v1/webhook-endpoints', { url: `${base}/hook` })).statusCode).toBe(201);

    const contact = (await c.post('/v1/contacts', { phone: PERSON.e164, firstName: PERSON.first, email: PERSON.email })).json();
    expect((await c.post('/v1/simulator/inbound', { from: PERSON.e164, to: number.phoneNumber, body: PERSON.inbound })).statusCode).toBe(201);
    // She once asked for a copy of her data by email; the business answered it there.
    const req = await c.post('/v1/data-requests', { type: 'access', channel: 'email', email: PERSON.email, phone: PERSON.e164, verified: true });
    expect(req.statusCode, req.body).toBe(201);
    expect((await c.patch(`/v1/data-requests/${req.json().id}`, { status: 'completed', answer: 'Here is what we hold.' })).statusCode).toBe(200);

    const q = (sql: string) => env.ctx.database.query<{ n: number }>(sql, [account]).then((r) => Number(r.rows[0].n));
    await pump(env, async () =>
      (await q(`select count(*)::int as n from webhook_attempts where account_id = $1 and response_excerpt like '%Gazebo%'`)) > 0
      && (await q(`select count(*)::int as n from twilio_inbound_attempts where account_id = $1 and response_excerpt like '%Zephyrine-Echo%'`)) > 0
      && (await q(`select count(*)::int as n from messages where account_id = $1 and body like 'Thanks Zephyrine-Echo%'`)) > 0);
    const needles = { digits: PERSON.digits, strings: [PERSON.first, PERSON.email, PERSON.inbound, 'Zephyrine-Echo'] };
    const before = findTraces(await dumpDatabase(env.ctx.database), needles);
    for (const where of ['public.webhook_deliveries', 'public.webhook_attempts', 'public.twilio_inbound_attempts', 'public.emails']) {
      expect(before.some((f) => f.startsWith(`${where}:`)), `seed holds her in ${where}: ${before.join('; ')}`).toBe(true);
    }

    expect((await c.delete(`/v1/contacts/${contact.id}`)).statusCode).toBe(204);

    const dump = [...(await dumpDatabase(env.ctx.database)), ...dumpFiles(env.config.dataDir)];
    expect(findTraces(dump, needles)).toEqual([]);
  }, 180_000);
}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_TIMEOUT_MS: '3000' }, { simulator: true });

describeEachDb('erasure and a webhook fan-out in flight', (use) => {
  it('a fan-out that read her message before a contact erasure committed stores no delivery naming her', async () => {
    const env = use();
    const PERSON = { e164: '+13125550593', digits: ['13125550593', '3125550593'], inbound: 'Body-Inbound-Quokka my locker is 7731' };
    const { client: c } = await signUp(env.app);
    const number = (await c.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    expect((await c.post('/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hook' })).statusCode).toBe(201);
    const received = (await c.post('/v1/simulator/inbound', { from: PERSON.e164, to: number.phoneNumber, body: PERSON.inbound })).json();

    // The fan-out stops in its transaction once it has read her message; the erasure commits meanwhile or waits for it.
    const del = await raceHeldFanout(env, () => c.delete(`/v1/contacts/${received.contactId}`));
    expect(del.statusCode).toBe(204);
    await fanOutAll(env.ctx);
    const deliveries = (await dumpDatabase(env.ctx.database)).filter((l) => l.where === 'public.webhook_deliveries');
    expect(deliveries.length, 'the fan-out stored its deliveries').toBeGreaterThan(0);
    expect(findTraces(deliveries, { digits: PERSON.digits, strings: [PERSON.inbound] })).toEqual([]);
  }, 180_000);
}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }, { simulator: true, only: 'postgres' });

describeEachDb('erasure and an import in flight', (use) => {
  it('an import batch read before a contact erasure committed does not recreate the person: the import resumes from its checkpoint over the blanked file', async () => {
    const env = use();
    const HER = { e164: '+13125550681', national: '(312) 555-0681', first: 'ZephyrineImport', email: 'zephyrine.import@example.org' };
    const { client: c, accountId } = await signUp(env.app);
    const account = fromPublicId('account', accountId)!;
    const csv = ['phone,first_name,email', `${HER.national},${HER.first},${HER.email}`, '(312) 555-0682,Bartholomew,'].join('\n');
    // The import is run below by hand (as a worker would), so its runner can be held between reading a batch and writing it.
    let arrived = false;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    env.ctx.testHooks = { ...env.ctx.testHooks, beforeImportCommit: async () => { arrived = true; await gate; } };
    try {
      const up = await postMultipart(c, '/v1/imports', { options: { consent: { basis: 'consented', description: 'Paper form at the counter, says we text offers.' } } }, { content: csv });
      expect(up.statusCode, up.body).toBe(202);
      const importId = fromPublicId('import', up.json().id)!;
      const run = runImport(env.ctx, { accountId: account, importId });
      const deadline = Date.now() + 60_000;
      while (!arrived && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(arrived, 'the runner read the batch').toBe(true);
      await eraseByPhone(env.ctx, account, HER.e164, 'data_request');
      release();
      await run;
      env.ctx.testHooks = { ...env.ctx.testHooks, beforeImportCommit: undefined };
      // The erasure put the import back in the queue; its next run (a worker's) finishes it.
      await runImport(env.ctx, { accountId: account, importId });
      const i = (await c.get(`/v1/imports/${up.json().id}`)).json();
      expect(i.status).toBe('completed');
    } finally {
      release();
      env.ctx.testHooks = { ...env.ctx.testHooks, beforeImportCommit: undefined };
    }
    const phones = (await env.ctx.database.query<{ phone: string }>(`select phone from contacts where account_id = $1 order by phone`, [account])).rows.map((r) => r.phone);
    expect(phones).toEqual(['+13125550682']);
    expect(findTraces(await dumpDatabase(env.ctx.database), { digits: ['13125550681', '3125550681'], strings: [HER.first, HER.email] })
      .filter((f) => !f.startsWith('pgboss.'))).toEqual([]);
  }, 180_000);
});
