import { createHash } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { fromPublicId, newUuid } from '../src/lib/ids.js';
import { eraseByPhone } from '../src/modules/privacy/erasure.service.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { Client, postMultipart, signUp, waitForImport } from './factories.js';
import { dumpDatabase, dumpFiles, findTraces } from './erasure-dump.js';

/** Issue 10, acceptance 1: after a contact's erasure no trace of them is left in the database or DATA_DIR. */
/** A distinctive person per test (the tests share one database): number, name, email, texts. */
const personOf = (n: number) => {
  const line = String(187 + n * 10).padStart(4, '0');
  const tag = ['Alder', 'Birch', 'Cedar'][n];
  return {
    e164: `+1312555${line}`, national: `(312) 555-${line}`, dotted: `312.555.${line}`, dashed: `312-555-${line}`,
    digits: [`1312555${line}`, `312555${line}`, `0312555${line}`],
    first: `Zephyrine${tag}`, last: `Quillfeather${tag}`, email: `zephyrine.${tag.toLowerCase()}@example.org`,
    inbound: `Body-Inbound-Xylophone-${tag} my door code is 4412`,
    outbound: `Body-Outbound-Marmalade-${tag} your order shipped`,
    note: `Notes-about-Zephyrine-${tag}`,
    media: `MEDIA-BYTES-Plover-${tag}`,
    ip: `203.0.113.${70 + n}`, agent: `ZephyrBrowser/${tag}`,
  };
};
type Person = ReturnType<typeof personOf>;
/** Another customer, imported with her: must survive untouched. */
const otherOf = (n: number) => {
  const line = String(142 + n * 10).padStart(4, '0');
  return { e164: `+1312555${line}`, dotted: `312.555.${line}`, digits: [`312555${line}`], name: `Bartholomew${['Alder', 'Birch', 'Cedar'][n]}`, body: `Body-Other-Kestrel-${n}` };
};
const needlesOf = (p: Person) => ({ digits: p.digits, strings: [p.first, p.last, p.email, p.inbound, p.outbound, p.note, p.media, p.agent, p.ip] });
const CONSENTED = { basis: 'consented', description: 'Signed up at the counter on our paper form, which says we will text offers.' };

describeEachDb('erasure of a person (acceptance 1)', (use) => {
  beforeAll(async () => {
    await use().ctx.jobs.work();
  }, 120_000);

  async function seed(env: TestEnv, PERSON: Person, OTHER: ReturnType<typeof otherOf>) {
    const { client: c, accountId } = await signUp(env.app);
    const account = fromPublicId('account', accountId)!;
    const number = (await c.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const csv = [
      'phone,first_name,last_name,email',
      `${PERSON.national},${PERSON.first},${PERSON.last},${PERSON.email}`,
      `${OTHER.dotted},${OTHER.name},Other,`,
      `${PERSON.dashed},${PERSON.first},Again,not-an-email-${PERSON.first}`, // a duplicate: an import error naming her
    ].join('\n');
    const up = await postMultipart(c, '/v1/imports', { options: { consent: CONSENTED } }, { content: csv });
    expect(up.statusCode, up.body).toBe(202);
    expect((await waitForImport(c, up.json().id)).status).toBe('completed');
    const contacts = (await c.get('/v1/contacts')).json().data as Array<{ id: string; phone: string }>;
    const me = contacts.find((x) => x.phone === PERSON.e164)!;
    const other = contacts.find((x) => x.phone === OTHER.e164)!;
    expect((await c.patch(`/v1/contacts/${me.id}`, { notes: PERSON.note })).statusCode).toBe(200);
    const ev = { wording: 'Yes, text me offers', ip: PERSON.ip, userAgent: PERSON.agent, note: `${PERSON.first} agreed at the till` };
    expect((await c.post(`/v1/contacts/${me.id}/consent`, { kind: 'opt_in', source: 'agent', evidence: ev })).statusCode).toBe(201);
    const out = await c.post('/v1/messages', { from: number.phoneNumber, to: PERSON.e164, body: PERSON.outbound });
    expect(out.statusCode, out.body).toBe(201);
    expect((await c.post('/v1/messages', { from: number.phoneNumber, to: OTHER.e164, body: OTHER.body })).statusCode).toBe(201);
    const inbound = await c.post('/v1/simulator/inbound', { from: PERSON.national, to: number.phoneNumber, body: PERSON.inbound });
    expect(inbound.statusCode, inbound.body).toBe(201);
    const contactId = fromPublicId('contact', me.id)!;
    const inboundId = fromPublicId('message', inbound.json().id)!;
    const outboundId = fromPublicId('message', out.json().id)!;
    // Seeded below the API (no MMS carrier in tests, no campaign run): a received picture, a campaign place, a short link and its click.
    const db = env.ctx.database;
    const mediaId = newUuid();
    const bytes = Buffer.from(`\x89PNG....${PERSON.media} ${PERSON.first}`);
    await db.query(
      `insert into media (account_id, id, contact_id, source, content_type, size, sha256, filename, bytes) values ($1, $2, $3, 'inbound', 'image/png', $4, $5, $6, $7)`,
      [account, mediaId, contactId, bytes.length, createHash('sha256').update(bytes).digest('hex'), `${PERSON.first}-selfie.png`, bytes],
    );
    await db.query(`update messages set media = $3::jsonb where account_id = $1 and id = $2`, [account, inboundId, JSON.stringify([{ id: mediaId, contentType: 'image/png', size: bytes.length }])]);
    const campaignId = newUuid();
    await db.query(`insert into campaigns (id, account_id, name, body, audience, status) values ($1, $2, 'Spring', 'Hi {{first_name}}', '{}'::jsonb, 'completed')`, [campaignId, account]);
    await db.query(`insert into campaign_recipients (account_id, campaign_id, contact_id, status, message_id) values ($1, $2, $3, 'queued', $4)`, [account, campaignId, contactId, outboundId]);
    await db.query(`insert into links (account_id, code, campaign_id, message_id, contact_id, url) values ($1, $5, $2, $3, $4, $6)`,
      [account, campaignId, outboundId, contactId, `zq${PERSON.first}`.slice(0, 12).replace(/[^A-Za-z0-9]/g, ''), `https://shop.example/p?ref=${PERSON.first}`]);
    await db.query(`insert into link_clicks (account_id, id, code, campaign_id, contact_id, clicked_at, user_agent, ip) values ($1, $2, $7, $3, $4, now(), $5, $6)`,
      [account, newUuid(), campaignId, contactId, PERSON.agent, PERSON.ip, `zq${PERSON.first}`.slice(0, 12).replace(/[^A-Za-z0-9]/g, '')]);
    // Someone searched for her and exported the result (audited: the audit log must not keep the search words).
    expect((await c.post('/v1/contacts/export', { query: PERSON.last })).statusCode).toBe(200);
    // An earlier export of the account holds her too (its ZIP stored in the database, export_chunks).
    const zip = Buffer.from(`contacts.csv\n${PERSON.e164},${PERSON.first},${PERSON.email}\n`);
    const exportId = newUuid();
    await db.query(`insert into data_exports (id, account_id, scope, status, progress, size, finished_at, expires_at) values ($1, $2, 'account', 'completed', 100, $3, now(), now() + interval '7 days')`, [exportId, account, zip.length]);
    await db.query(`insert into export_chunks (account_id, export_id, seq, data) values ($1, $2, 0, $3)`, [account, exportId, zip]);
    // She opts out: her number is suppressed.
    expect((await c.post(`/v1/contacts/${me.id}/consent`, { kind: 'opt_out', source: 'agent', evidence: { note: `${PERSON.first} said stop` } })).statusCode).toBe(201);
    return { c, account, number, me, other };
  }


  it('DELETE /v1/contacts/:id leaves no trace of the person in any table or file, keeps the others, and the number stays suppressed', async () => {
    const env = use();
    const PERSON = personOf(0);
    const OTHER = otherOf(0);
    const needles = needlesOf(PERSON);
    const { c, account, number, me } = await seed(env, PERSON, OTHER);
    const before = findTraces([...(await dumpDatabase(env.ctx.database)), ...dumpFiles(env.config.dataDir)], needles);
    for (const where of ['public.export_chunks.data', 'public.messages', 'public.contacts', 'public.upload_chunks.data', 'public.media.bytes', 'public.link_clicks', 'public.consent_events', 'public.import_errors']) {
      expect(before.some((f) => f.startsWith(`${where}:`)), `seed holds her in ${where}`).toBe(true);
    }

    expect((await c.delete(`/v1/contacts/${me.id}`)).statusCode).toBe(204);

    const dump = [...(await dumpDatabase(env.ctx.database)), ...dumpFiles(env.config.dataDir)];
    expect(findTraces(dump, needles)).toEqual([]);
    // The other customer of the same file and the same number is untouched.
    expect(findTraces(dump, { digits: OTHER.digits, strings: [OTHER.name, OTHER.body] }).length).toBeGreaterThanOrEqual(3);
    // The suppression holds, as a keyed hash.
    const send = await c.post('/v1/messages', { from: number.phoneNumber, to: PERSON.dashed, body: 'Are you still there?' });
    expect([send.statusCode, send.json().error.code]).toEqual([422, 'recipient_opted_out']);
    const sup = (await c.get('/v1/suppressions')).json().data;
    expect(sup).toEqual([expect.objectContaining({ phone: null })]);
    // Her consent history stays, detached, with its evidence hashed.
    const ev = (await env.ctx.database.query<{ evidence: Record<string, unknown>; contact_id: string | null }>(
      `select evidence, contact_id from consent_events where account_id = $1 and kind = 'opt_in' and source = 'agent'`, [account],
    )).rows;
    expect(ev).toHaveLength(1);
    expect(ev[0].contact_id).toBeNull();
    expect(ev[0].evidence).toMatchObject({ wording: 'Yes, text me offers', ip: expect.stringMatching(/^hmac:/), erased: true });
  }, 120_000);

  it('bulk delete erases the selection; erasing a number the account does not hold answers the same as one it does', async () => {
    const env = use();
    const PERSON = personOf(1);
    const OTHER = otherOf(1);
    const { c, account, number, other } = await seed(env, PERSON, OTHER);
    const r = await c.post('/v1/contacts/bulk', { action: 'delete', selection: { ids: [other.id] } });
    expect(r.json()).toEqual({ affected: 1 });
    const dump = await dumpDatabase(env.ctx.database);
    expect(findTraces(dump.filter((l) => !l.where.startsWith('pgboss')), { digits: OTHER.digits, strings: [OTHER.name, OTHER.body] })).toEqual([]);

    const known = await eraseByPhone(env.ctx, account, PERSON.national, 'data_request', { suppress: true });
    const unknown = await eraseByPhone(env.ctx, account, '+1 312 555 0100', 'data_request', { suppress: true });
    expect(unknown).toEqual(known);
    expect(findTraces(await dumpDatabase(env.ctx.database), needlesOf(PERSON))).toEqual([]);
    // An erasure asked by the person suppresses the number even if it was not.
    expect((await c.post('/v1/messages', { from: number.phoneNumber, to: '+13125550100', body: 'hello' })).json().error.code).toBe('recipient_opted_out');
    await expect(eraseByPhone(env.ctx, account, 'not a number', 'data_request')).rejects.toMatchObject({ status: 422 });
  }, 120_000);

  it('another account cannot erase this account\'s contact (404) and its erasure touches nothing here', async () => {
    const env = use();
    const { client: c } = await signUp(env.app);
    const me = (await c.post('/v1/contacts', { phone: '+1 312 555 0999', firstName: 'Keep' })).json();
    const { client: stranger } = await signUp(env.app);
    expect((await stranger.delete(`/v1/contacts/${me.id}`)).statusCode).toBe(404);
    expect((await stranger.post('/v1/contacts/bulk', { action: 'delete', selection: { ids: [me.id] } })).json()).toEqual({ affected: 0 });
    expect((await c.get(`/v1/contacts/${me.id}`)).json().firstName).toBe('Keep');
  }, 120_000);
}, {}, { simulator: true });
