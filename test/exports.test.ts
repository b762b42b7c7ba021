import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import yauzl from 'yauzl';
import { fromPublicId, toPublicId } from '../src/lib/ids.js';
import { claim, insertChunk } from '../src/modules/exports/exports.repo.js';
import { eraseExports as eraseExportsOf } from '../src/modules/exports/exports.service.js';
import { writeZip } from '../src/modules/exports/zip-writer.js';
import { eraseContacts } from '../src/modules/privacy/erasure.service.js';
import { withTx } from '../src/db/tx.js';
import { expireExports, resumeStaleExports, runExport } from '../src/modules/exports/export-runner.js';
import { writeContactExport } from '../src/modules/exports/contact-export.js';
import { runImport } from '../src/modules/imports/import-runner.js';
import { PERSONAL_DATA } from '../src/modules/privacy/data-map.js';
import { eraseAccount } from '../src/modules/privacy/account-deletion.service.js';
import { applyRetention, retentionOf } from '../src/modules/retention/retention.service.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { Client, STRONG_PASSWORD, lastEmailTo, postMultipart, signUp, tokenFrom, type SignedUp } from './factories.js';

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
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const ACCOUNT_SECTIONS = [
  'account', 'members', 'api_keys', 'custom_fields', 'contacts', 'consent_events', 'suppressions', 'messages', 'conversations', 'conversation_notes',
  'campaigns', 'campaign_recipients', 'imports', 'import_errors', 'numbers', 'links', 'link_clicks', 'media', 'audit_log',
];

describeEachDb('data exports', (use) => {
  const raw = (kind: 'account' | 'dataExport', id: string) => fromPublicId(kind, id)!;
  const toPublic = (id: string) => toPublicId('dataExport', id);
  /** Runs the export job in this process (as a worker would) and returns the export as the API shows it. */
  async function exportNow(env: TestEnv, who: SignedUp, scope: 'account' | 'me') {
    const r = await who.client.post('/v1/exports', { scope });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json()).toEqual({ id: expect.stringMatching(/^exp_/), status: 'queued' });
    const queued = (await who.client.get(`/v1/exports/${r.json().id}`)).json();
    expect(queued).toMatchObject({ status: 'queued', progress: 0, downloadUrl: null });
    await runExport(env.ctx, { accountId: raw('account', who.accountId), exportId: raw('dataExport', r.json().id) });
    return (await who.client.get(`/v1/exports/${r.json().id}`)).json();
  }
  async function download(c: Client, url: string) {
    const res = await c.get(url);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    return unzip(res.rawPayload);
  }
  async function member(env: TestEnv, owner: SignedUp, role: 'agent' | 'viewer') {
    const email = `m-${Math.random().toString(36).slice(2)}@example.com`;
    await owner.client.post('/v1/invitations', { email, role });
    const token = tokenFrom((await lastEmailTo(env.app, email, env.config.operatorToken)).text);
    const c = new Client(env.app);
    const r = await c.post('/v1/invitations/accept', { token, name: 'Mia Member', phone: '+14155550177', password: STRONG_PASSWORD });
    expect(r.statusCode, r.body).toBeLessThan(300);
    return { client: c, accountId: owner.accountId, userId: r.json().user.id as string, email };
  }

  it('exports the whole account: every section as JSON and CSV, API shapes, a spreadsheet-safe CSV, an email, audit entries', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const c = owner.client;
    await c.post('/v1/custom-fields', { label: 'Loyalty tier', type: 'text' });
    const ada = (await c.post('/v1/contacts', { phone: '+1 415 555 0101', firstName: '=HYPERLINK("http://x")', lastName: 'Lovelace', fields: { loyalty_tier: 'gold' } })).json();
    await c.post(`/v1/contacts/${ada.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Said yes at the till' } });
    await c.post('/v1/numbers', { provider: 'simulator' });
    const sent = (await c.post('/v1/messages', { to: ada.phone, body: 'Hello Ada, "quoted", with a comma' })).json();
    const imp = (await postMultipart(c, '/v1/imports', { options: { consent: { basis: 'unknown' } } }, { content: 'phone\nnot a number\n' })).json();
    await runImport(env.ctx, { accountId: raw('account', owner.accountId), importId: fromPublicId('import', imp.id)! });
    const done = await exportNow(env, owner, 'account');
    expect(done).toMatchObject({ scope: 'account', status: 'completed', progress: 100, downloadUrl: expect.stringContaining('/download?token=') });
    expect(done.expiresAt).toBeTruthy();

    // A HEAD (a link checker, a mail scanner) reads nothing: no download is recorded; the GET is.
    const downloads = async () => (await c.get('/v1/audit-events?limit=200')).json().data.filter((e: { action: string }) => e.action === 'export.downloaded').length;
    const head = await c.request('HEAD', done.downloadUrl);
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('application/zip');
    expect(await downloads()).toBe(0);
    const files = await download(c, done.downloadUrl);
    expect(await downloads()).toBe(1);
    for (const s of ACCOUNT_SECTIONS) expect(files.has(`${s}.json`), `${s}.json`).toBe(true);
    for (const s of ACCOUNT_SECTIONS.filter((x) => x !== 'account')) expect(files.has(`${s}.csv`), `${s}.csv`).toBe(true);
    expect(files.has('manifest.json') && files.has('README.txt')).toBe(true);
    for (const [name, text] of files) {
      if (!name.endsWith('.csv')) continue;
      const rows = parse(text, { bom: true }) as string[][];
      expect(rows.length, name).toBeGreaterThanOrEqual(1); // a header, always
      expect(rows[0].length, name).toBeGreaterThan(1);
      expect(rows.length - 1, name).toBe(JSON.parse(files.get(name.replace('.csv', '.json'))!).length);
    }
    // JSON items are what the API answers for the same records.
    const contacts = JSON.parse(files.get('contacts.json')!);
    expect(contacts).toEqual([(await c.get(`/v1/contacts/${ada.id}`)).json()]);
    const { history: _h, ...message } = (await c.get(`/v1/messages/${sent.id}`)).json();
    expect(JSON.parse(files.get('messages.json')!).find((m: { id: string }) => m.id === sent.id)).toEqual(message);
    expect(JSON.parse(files.get('imports.json')!)).toEqual([(await c.get(`/v1/imports/${imp.id}`)).json()]);
    expect(JSON.parse(files.get('account.json')!)[0]).toMatchObject({ id: owner.accountId });
    expect(JSON.parse(files.get('consent_events.json')!).map((e: { kind: string }) => e.kind)).toContain('opt_in');
    expect(JSON.parse(files.get('import_errors.json')!)).toEqual([expect.objectContaining({ importId: imp.id, reason: 'invalid_phone' })]);
    // The CSV neutralises formulas and keeps quotes, commas and custom fields.
    const contactRows = parse(files.get('contacts.csv')!) as string[][];
    expect(contactRows[0]).toContain('field:loyalty_tier');
    expect(contactRows[1][contactRows[0].indexOf('first_name')]).toBe('\'=HYPERLINK("http://x")');
    expect(contactRows[1][contactRows[0].indexOf('field:loyalty_tier')]).toBe('gold');
    const msgRows = parse(files.get('messages.csv')!, { columns: true }) as Array<Record<string, string>>;
    expect(msgRows.find((m) => m.id === sent.id)?.body).toBe('Hello Ada, "quoted", with a comma');
    expect(JSON.parse(files.get('manifest.json')!)).toMatchObject({ scope: 'account', sections: { contacts: 1, messages: 1 } });

    const mail = await lastEmailTo(env.app, owner.email, env.config.operatorToken, { subject: /data export/ });
    expect(mail.text).toContain(done.downloadUrl);
    const actions = (await c.get('/v1/audit-events?limit=200')).json().data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['export.requested', 'export.completed', 'export.downloaded']));
    const apiAudit = (await c.get('/v1/audit-events?limit=200')).json().data as Array<{ id: string; target: { name?: string } | null }>;
    const zipAudit = JSON.parse(files.get('audit_log.json')!) as Array<{ id: string; action: string }>;
    const named = zipAudit.find((e) => e.action === 'contact.created') ?? zipAudit[0];
    expect(named).toEqual(apiAudit.find((e) => e.id === named.id));
    expect((await c.get('/v1/exports')).json().data[0].id).toBe(done.id);
  });

  it('scope "me" holds only the caller\'s own data; only the owner exports the account', async () => {
    const env = use();
    const owner = await signUp(env.app);
    await owner.client.post('/v1/numbers', { provider: 'simulator' });
    const contact = (await owner.client.post('/v1/contacts', { phone: '+1 415 555 0142', firstName: 'Cy' })).json();
    await owner.client.post('/v1/messages', { to: contact.phone, body: 'from the owner' });
    const agent = await member(env, owner, 'agent');
    const mine = (await agent.client.post('/v1/messages', { to: contact.phone, body: 'from the agent' })).json();
    expect(mine.id).toBeTruthy();

    expect((await agent.client.post('/v1/exports', { scope: 'account' })).statusCode).toBe(403);
    const done = await exportNow(env, agent as SignedUp, 'me');
    expect(done).toMatchObject({ scope: 'me', status: 'completed', progress: 100 });
    const files = await download(agent.client, done.downloadUrl);
    expect(files.has('contacts.json')).toBe(false);
    expect(files.has('account.json')).toBe(false);
    expect(JSON.parse(files.get('members.json')!)).toEqual([expect.objectContaining({ id: agent.userId, email: agent.email, role: 'agent' })]);
    expect(JSON.parse(files.get('messages.json')!).map((m: { body: string }) => m.body)).toEqual(['from the agent']);
    expect(JSON.parse(files.get('memberships.json')!)).toEqual([expect.objectContaining({ accountId: owner.accountId, role: 'agent' })]);
    expect(JSON.parse(files.get('sessions.json')!).length).toBeGreaterThan(0);
    const audit = JSON.parse(files.get('audit_log.json')!) as Array<{ actor: { id: string } }>;
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((e) => e.actor.id === agent.userId)).toBe(true);
    // The owner cannot see or fetch the agent's export.
    expect((await owner.client.get(`/v1/exports/${done.id}`)).statusCode).toBe(404);
    expect((await owner.client.get(done.downloadUrl)).statusCode).toBe(404);
  });

  it('the link is the requester\'s, in their account, with its token, until it expires; then its stored ZIP is deleted', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const other = await signUp(env.app);
    const done = await exportNow(env, owner, 'me');
    const url: string = done.downloadUrl;
    expect((await other.client.get(url)).statusCode).toBe(404);
    expect((await owner.client.get(url.replace(/token=.*/, 'token=wrong'))).statusCode).toBe(404);
    expect((await owner.client.get(url.replace(/\?token=.*/, ''))).statusCode).toBe(404);
    const key = (await owner.client.post('/v1/api-keys', { name: 'k' })).json().key;
    expect((await new Client(env.app, key).get(url)).statusCode).toBe(404); // an API key has no place here
    expect((await owner.client.get(url)).statusCode).toBe(200);
    // A ZIP whose stored chunks are gone (not all there) answers 404, never a short file.
    const other2 = await exportNow(env, owner, 'me');
    await env.ctx.database.query(`delete from export_chunks where export_id = $1 and seq = 0`, [raw('dataExport', other2.id)]);
    expect((await owner.client.get(other2.downloadUrl)).statusCode).toBe(404);

    const chunksOf = async (id: string) => Number((await env.ctx.database.query<{ n: number }>(`select count(*)::int as n from export_chunks where export_id = $1`, [raw('dataExport', id)])).rows[0].n);
    expect(await chunksOf(done.id)).toBeGreaterThan(0);
    const realNow = env.ctx.now;
    env.ctx.now = () => new Date(Date.now() + (env.config.exportTtlDays * 86_400 + 60) * 1000);
    try {
      expect((await owner.client.get(url)).statusCode).toBe(404);
      expect(await expireExports(env.ctx)).toBeGreaterThanOrEqual(1);
    } finally {
      env.ctx.now = realNow;
    }
    expect(await chunksOf(done.id)).toBe(0);
    expect(await chunksOf(other2.id)).toBe(0);
    expect((await owner.client.get(`/v1/exports/${done.id}`)).json()).toMatchObject({ status: 'expired', downloadUrl: null });
  });

  it('a runner that died mid-way leaves no half ZIP: the export reruns from scratch, and the dead runner stores nothing more', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const r = (await owner.client.post('/v1/exports', { scope: 'me' })).json();
    const accountId = raw('account', owner.accountId);
    const exportId = raw('dataExport', r.id);
    // A runner that claimed it, stored part of the ZIP, and died (its heartbeat an hour old).
    await env.ctx.database.query(`update data_exports set status = 'running', runner_token = 'dead-runner', heartbeat_at = now() - interval '1 hour' where account_id = $1 and id = $2`, [accountId, exportId]);
    expect(await insertChunk(env.ctx.db, accountId, exportId, 'dead-runner', 0, Buffer.from('PK half a zip'))).toBe(true);
    expect(await insertChunk(env.ctx.db, accountId, exportId, 'dead-runner', 7, Buffer.from('a chunk past the end'))).toBe(true);
    expect((await owner.client.get(`/v1/exports/${r.id}`)).json()).toMatchObject({ status: 'running', downloadUrl: null });
    await runExport(env.ctx, { accountId, exportId });
    const done = (await owner.client.get(`/v1/exports/${r.id}`)).json();
    expect(done).toMatchObject({ status: 'completed', progress: 100 });
    const seqs = (await env.ctx.database.query<{ seq: number; n: number }>(`select seq, octet_length(data)::int as n from export_chunks where export_id = $1 order by seq`, [exportId])).rows;
    expect(seqs.map((x) => x.seq)).toEqual(seqs.map((_, i) => i));
    expect(seqs.reduce((a, x) => a + x.n, 0)).toBe(done.size);
    // The dead runner, were it to wake, stores nothing into the finished export.
    expect(await insertChunk(env.ctx.db, accountId, exportId, 'dead-runner', seqs.length, Buffer.from('late'))).toBe(false);
    const files = await download(owner.client, done.downloadUrl);
    expect(JSON.parse(files.get('members.json')!)[0].id).toBe(owner.userId);
  });

  it('an export whose runner dies every time (a worker killed by it) is failed after 3 runs, not rerun by the watchdog forever; the person can ask again', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const r = (await owner.client.post('/v1/exports', { scope: 'me' })).json();
    const accountId = raw('account', owner.accountId);
    const exportId = raw('dataExport', r.id);
    for (let run = 1; run <= 3; run++) {
      // A runner claims it, stores part of the ZIP and dies (its heartbeat goes an hour old).
      const token = `dead-runner-${run}`;
      expect(await claim(env.ctx.db, accountId, exportId, token, env.config.jobStaleAfterMs), `run ${run}`).not.toBeNull();
      expect(await insertChunk(env.ctx.db, accountId, exportId, token, run, Buffer.from('PK half a zip'))).toBe(true);
      await env.ctx.database.query(`update data_exports set heartbeat_at = now() - interval '1 hour' where account_id = $1 and id = $2`, [accountId, exportId]);
    }
    await runExport(env.ctx, { accountId, exportId }); // what the watchdog's next job does
    expect((await owner.client.get(`/v1/exports/${r.id}`)).json()).toMatchObject({ status: 'failed', downloadUrl: null, error: expect.stringMatching(/3 times/) });
    const { rows } = await env.ctx.database.query<{ n: number }>(`select count(*)::int as n from export_chunks where export_id = $1`, [exportId]);
    expect(Number(rows[0].n)).toBe(0);
    expect(await resumeStaleExports(env.ctx, 0)).toBe(0);
    expect((await owner.client.post('/v1/exports', { scope: 'me' })).statusCode).toBe(202);
    // An erasure's requeue is no death: an export put back in the queue by one is built as usual.
    const again = (await owner.client.get('/v1/exports')).json().data[0].id as string;
    const againId = raw('dataExport', again);
    for (let run = 1; run <= 2; run++) {
      expect(await claim(env.ctx.db, accountId, againId, `dead-${run}`, env.config.jobStaleAfterMs)).not.toBeNull();
      await env.ctx.database.query(`update data_exports set heartbeat_at = now() - interval '1 hour' where account_id = $1 and id = $2`, [accountId, againId]);
    }
    await withTx(env.ctx.db, (tx) => eraseExportsOf(env.ctx, tx, accountId)); // requeued: it starts counting again
    expect(await claim(env.ctx.db, accountId, againId, 'dead-3', env.config.jobStaleAfterMs)).not.toBeNull();
    await env.ctx.database.query(`update data_exports set heartbeat_at = now() - interval '1 hour' where account_id = $1 and id = $2`, [accountId, againId]);
    await runExport(env.ctx, { accountId, exportId: againId });
    expect((await owner.client.get(`/v1/exports/${again}`)).json()).toMatchObject({ status: 'completed' });
  });

  it('a dead runner\'s CSV spools (personal data) on the worker\'s disk go when the export reruns and at the hourly expiry; a live runner\'s stay', async () => {
    const env = use();
    const { existsSync, mkdirSync, readdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const owner = await signUp(env.app);
    const accountId = raw('account', owner.accountId);
    const a = raw('dataExport', (await owner.client.post('/v1/exports', { scope: 'me' })).json().id);
    const b = raw('dataExport', (await owner.client.post('/v1/exports', { scope: 'account' })).json().id);
    await env.ctx.database.query(`update data_exports set status = 'running', runner_token = 'dead-runner', heartbeat_at = now() - interval '1 hour' where account_id = $1 and id = $2`, [accountId, a]);
    await env.ctx.database.query(`update data_exports set status = 'running', runner_token = 'live-runner', heartbeat_at = now() where account_id = $1 and id = $2`, [accountId, b]);
    const root = join(env.config.dataDir, 'export-scratch');
    const spool = (id: string, token: string) => {
      const dir = join(root, `${accountId}.${id}.${token}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'contacts.csv'), 'phone\n+14155550163\n');
      return dir;
    };
    const dead = spool(a, 'dead-runner'); // the runner was killed mid-way: its finally never ran
    const older = spool(b, 'older-runner');
    const live = spool(b, 'live-runner');
    await runExport(env.ctx, { accountId, exportId: a });
    expect((await owner.client.get(`/v1/exports/${toPublic(a)}`)).json().status).toBe('completed');
    expect([existsSync(dead), existsSync(older), existsSync(live)]).toEqual([false, false, true]);
    await env.ctx.database.query(`update data_exports set status = 'failed', runner_token = null where account_id = $1 and id = $2`, [accountId, b]); // its runner died too
    await expireExports(env.ctx);
    expect(readdirSync(root)).toEqual([]);
  });

  it('a runner whose spool folder was swept (it was superseded) fails its ZIP cleanly: no hang, no unhandled error', async () => {
    const env = use();
    const { existsSync, rmSync } = await import('node:fs');
    const { sectionsFor } = await import('../src/modules/exports/sections.js');
    const owner = await signUp(env.app);
    const scope = { accountId: raw('account', owner.accountId), userId: null };
    const scratch = `${env.config.dataDir}/swept-scratch`;
    const zipping = writeZip({
      db: env.ctx.db, scope, sections: sectionsFor(scope), pageSize: 1, trailer: [], scratch,
      onRows: async () => rmSync(scratch, { recursive: true, force: true }), // a successor's sweep, after the first page
    }, async () => {});
    await expect(zipping).rejects.toThrow(/ENOENT/);
    expect(existsSync(scratch)).toBe(false);
  });

  it('a failed export leaves no stored chunks', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const r = (await owner.client.post('/v1/exports', { scope: 'me' })).json();
    const exportId = raw('dataExport', r.id);
    // Fails after the whole ZIP was stored (the retention rules could not be read).
    await runExport(env.ctx, { accountId: raw('account', owner.accountId), exportId }, { exportDays: async () => { throw new Error('rules unreadable'); } });
    // The person reads our words, not the error's own (it may name a path, a table or a value).
    expect((await owner.client.get(`/v1/exports/${r.id}`)).json()).toMatchObject({ status: 'failed', error: 'The export stopped on an error on our side; ask for a new one.', downloadUrl: null });
    expect((await env.ctx.database.query<{ n: number }>(`select count(*)::int as n from export_chunks where export_id = $1`, [exportId])).rows[0].n).toBe(0);
  });

  it('erasing a contact deletes every stored ZIP of the account (they show expired) and rebuilds an export being built', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const accountId = raw('account', owner.accountId);
    const ct = (await owner.client.post('/v1/contacts', { phone: '+1 415 555 0161', firstName: 'Erasmina' })).json();
    const built = await exportNow(env, owner, 'account');
    expect(built.status).toBe('completed');
    const r = (await owner.client.post('/v1/exports', { scope: 'me' })).json();
    const building = raw('dataExport', r.id);
    await env.ctx.database.query(`update data_exports set status = 'running', runner_token = 'live-runner', heartbeat_at = now() where account_id = $1 and id = $2`, [accountId, building]);
    expect(await insertChunk(env.ctx.db, accountId, building, 'live-runner', 0, Buffer.from('PK part, before the erasure'))).toBe(true);

    expect((await owner.client.delete(`/v1/contacts/${ct.id}`)).statusCode).toBe(204);

    expect((await env.ctx.database.query<{ n: number }>(`select count(*)::int as n from export_chunks where account_id = $1`, [accountId])).rows[0].n).toBe(0);
    expect((await owner.client.get(`/v1/exports/${built.id}`)).json()).toMatchObject({ status: 'expired', downloadUrl: null });
    expect((await owner.client.get(built.downloadUrl)).statusCode).toBe(404);
    // The runner building the other one stores nothing more; the export is queued again and rebuilt.
    expect(await insertChunk(env.ctx.db, accountId, building, 'live-runner', 1, Buffer.from('after the erasure'))).toBe(false);
    expect((await owner.client.get(`/v1/exports/${r.id}`)).json()).toMatchObject({ status: 'queued' });
    await runExport(env.ctx, { accountId, exportId: building });
    const rebuilt = (await owner.client.get(`/v1/exports/${r.id}`)).json();
    expect(rebuilt.status).toBe('completed');
    expect((await download(owner.client, rebuilt.downloadUrl)).has('members.json')).toBe(true);
  });

  /** Whether any file of the export's ZIP names the person (their public id or email). */
  async function zipNames(c: Client, url: string, who: { userId: string; email: string }) {
    return [...(await download(c, url)).values()].some((f) => f.includes(who.userId) || f.includes(who.email));
  }

  it('removing a member deletes every stored ZIP of the account (its members list and audit log name them) and rebuilds an export being built', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const accountId = raw('account', owner.accountId);
    const mia = await member(env, owner, 'agent');
    const built = await exportNow(env, owner, 'account');
    expect(await zipNames(owner.client, built.downloadUrl, mia)).toBe(true);
    const r = (await owner.client.post('/v1/exports', { scope: 'me' })).json();
    const building = raw('dataExport', r.id);
    await env.ctx.database.query(`update data_exports set status = 'running', runner_token = 'live-runner', heartbeat_at = now() where account_id = $1 and id = $2`, [accountId, building]);
    expect(await insertChunk(env.ctx.db, accountId, building, 'live-runner', 0, Buffer.from('PK part, before the removal'))).toBe(true);
    const other = await signUp(env.app);
    const untouched = await exportNow(env, other, 'account');

    expect((await owner.client.delete(`/v1/members/${mia.userId}`)).statusCode).toBe(204);

    expect((await env.ctx.database.query<{ n: number }>(`select count(*)::int as n from export_chunks where account_id = $1`, [accountId])).rows[0].n).toBe(0);
    expect((await owner.client.get(`/v1/exports/${built.id}`)).json()).toMatchObject({ status: 'expired', downloadUrl: null });
    expect((await owner.client.get(built.downloadUrl)).statusCode).toBe(404);
    expect(await insertChunk(env.ctx.db, accountId, building, 'live-runner', 1, Buffer.from('after the removal'))).toBe(false);
    expect((await owner.client.get(`/v1/exports/${r.id}`)).json()).toMatchObject({ status: 'queued' });
    await runExport(env.ctx, { accountId, exportId: building });
    expect((await owner.client.get(`/v1/exports/${r.id}`)).json().status).toBe('completed');
    // Another account's ZIP is not touched.
    expect((await other.client.get(`/v1/exports/${untouched.id}`)).json()).toMatchObject({ status: 'completed' });
    expect((await other.client.get(untouched.downloadUrl)).statusCode).toBe(200);
  });

  it('erasing a user with their last account deletes the stored ZIPs of other accounts that name them (a former membership\'s audit log)', async () => {
    const env = use();
    const last = await signUp(env.app);
    const former = await signUp(env.app);
    const stranger = await signUp(env.app);
    const pat = await member(env, last, 'agent');
    // Pat also joined `former` with the same login, and was removed from it later.
    await former.client.post('/v1/invitations', { email: pat.email, role: 'agent' });
    const token = tokenFrom((await lastEmailTo(env.app, pat.email, env.config.operatorToken)).text);
    expect((await new Client(env.app).post('/v1/invitations/accept', { token, password: STRONG_PASSWORD })).statusCode).toBe(201);
    expect((await former.client.delete(`/v1/members/${pat.userId}`)).statusCode).toBe(204);
    const built = await exportNow(env, former, 'account');
    expect(await zipNames(former.client, built.downloadUrl, pat)).toBe(true);
    const untouched = await exportNow(env, stranger, 'account');

    const due = Date.parse((await last.client.post('/v1/account/deletion', { password: STRONG_PASSWORD })).json().scheduledFor);
    const cert = await eraseAccount({ ...env.ctx, now: () => new Date(due + 1000) }, raw('account', last.accountId));
    expect(cert?.users.erased).toBe(2);

    expect((await former.client.get(`/v1/exports/${built.id}`)).json()).toMatchObject({ status: 'expired', downloadUrl: null });
    expect((await former.client.get(built.downloadUrl)).statusCode).toBe(404);
    expect((await env.ctx.database.query<{ n: number }>(`select count(*)::int as n from export_chunks where account_id = $1`, [raw('account', former.accountId)])).rows[0].n).toBe(0);
    expect((await stranger.client.get(`/v1/exports/${untouched.id}`)).json()).toMatchObject({ status: 'completed' });
  });

  it('an export claimed while a contact erasure commits (queued when the erasure looked) does not hold the erased person', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const accountId = raw('account', owner.accountId);
    const ct = (await owner.client.post('/v1/contacts', { phone: '+1 415 555 0162', firstName: 'Erasmo' })).json();
    const r = (await owner.client.post('/v1/exports', { scope: 'account' })).json();
    const exportId = raw('dataExport', r.id);
    let reached!: () => void;
    let release!: () => void;
    const atCommit = new Promise<void>((res) => (reached = res));
    const released = new Promise<void>((res) => (release = res));
    // The erasure has deleted the person and passed over the account's exports (this one queued), not committed yet.
    const erasing = withTx(env.ctx.db, async (tx) => {
      await eraseContacts(env.ctx, tx, accountId, [fromPublicId('contact', ct.id)!], 'test');
      reached();
      await released;
    });
    await atCommit;
    const building = runExport(env.ctx, { accountId, exportId }); // a worker picks the export up meanwhile
    await Promise.race([building, new Promise((res) => setTimeout(res, 1500))]);
    release();
    await erasing;
    await building;
    const done = (await owner.client.get(`/v1/exports/${r.id}`)).json();
    expect(done.status).toBe('completed');
    const files = await download(owner.client, done.downloadUrl);
    expect(files.get('contacts.json')).not.toContain('Erasmo');
  });

  it('an export built by a worker on another host (its own DATA_DIR) downloads from the api process: the ZIP is in the database', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const r = (await owner.client.post('/v1/exports', { scope: 'me' })).json();
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const workerDir = mkdtempSync(`${tmpdir()}/wm-worker-`);
    try {
      // The worker: same database, its own disk.
      const worker = { ...env.ctx, config: { ...env.ctx.config, dataDir: workerDir } };
      await runExport(worker, { accountId: raw('account', owner.accountId), exportId: raw('dataExport', r.id) });
    } finally {
      rmSync(workerDir, { recursive: true, force: true }); // the worker's host is gone; nothing it kept there matters
    }
    const done = (await owner.client.get(`/v1/exports/${r.id}`)).json();
    expect(done).toMatchObject({ status: 'completed', progress: 100, downloadUrl: expect.stringContaining('/download?token='), size: expect.any(Number) });
    const res = await owner.client.get(done.downloadUrl);
    expect(res.statusCode).toBe(200);
    expect(Number(res.headers['content-length'])).toBe(done.size);
    expect(res.rawPayload.length).toBe(done.size);
    const files = await unzip(res.rawPayload);
    expect(JSON.parse(files.get('members.json')!)[0].id).toBe(owner.userId);
  });

  it('the link lives as long as the account\'s retention rules say (exportDays), as the job registry wires it', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const put = await owner.client.request('PUT', '/v1/retention', { messageBodyDays: null, uploadDays: 30, inactiveContactMonths: null, exportDays: 2 });
    expect(put.statusCode, put.body).toBe(200);
    const r = (await owner.client.post('/v1/exports', { scope: 'me' })).json();
    await runExport(env.ctx, { accountId: raw('account', owner.accountId), exportId: raw('dataExport', r.id) }, { exportDays: async (a) => (await retentionOf(env.ctx.db, a)).exportDays });
    const done = (await owner.client.get(`/v1/exports/${r.id}`)).json();
    const days = (new Date(done.expiresAt).getTime() - new Date(done.finishedAt).getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(1.99);
    expect(days).toBeLessThan(2.01);
  });

  it('message bodies the retention rules redact go from the built ZIPs too (they show expired), not kept until the link expires', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const c = owner.client;
    await c.post('/v1/numbers', { provider: 'simulator' });
    const ct = (await c.post('/v1/contacts', { phone: '+1 415 555 0163' })).json();
    const sent = (await c.post('/v1/messages', { to: ct.phone, body: 'The code word is marmalade' })).json();
    await env.ctx.database.query(`update messages set status = 'delivered' where id = $1`, [fromPublicId('message', sent.id)]);
    expect((await c.request('PUT', '/v1/retention', { messageBodyDays: 30, uploadDays: 30, inactiveContactMonths: null, exportDays: 365 })).statusCode).toBe(200);
    const done = await exportNow(env, owner, 'account');
    const mine = await exportNow(env, owner, 'me');
    expect((await download(c, done.downloadUrl)).get('messages.json')).toContain('marmalade');
    expect((await download(c, mine.downloadUrl)).get('messages.json')).toContain('marmalade');
    const realNow = env.ctx.now;
    env.ctx.now = () => new Date(Date.now() + 40 * 86_400_000);
    try {
      expect(await applyRetention(env.ctx, raw('account', owner.accountId))).toMatchObject({ messageBodies: 1 });
    } finally {
      env.ctx.now = realNow;
    }
    for (const e of [done, mine]) {
      expect((await c.get(`/v1/exports/${e.id}`)).json()).toMatchObject({ status: 'expired', downloadUrl: null });
      expect((await c.get(e.downloadUrl)).statusCode).toBe(404);
      const { rows } = await env.ctx.database.query<{ n: number }>(`select count(*)::int as n from export_chunks where export_id = $1`, [raw('dataExport', e.id)]);
      expect(Number(rows[0].n)).toBe(0);
    }
  });

  it('a retention run expires only the ZIPs that hold a body it redacted: one built before the message was written stays', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const c = owner.client;
    await c.post('/v1/numbers', { provider: 'simulator' });
    expect((await c.request('PUT', '/v1/retention', { messageBodyDays: 1, uploadDays: 30, inactiveContactMonths: null, exportDays: 365 })).statusCode).toBe(200);
    const before = await exportNow(env, owner, 'account'); // holds no message yet
    const ct = (await c.post('/v1/contacts', { phone: '+1 415 555 0164' })).json();
    const sent = (await c.post('/v1/messages', { to: ct.phone, body: 'The code word is quince' })).json();
    await env.ctx.database.query(`update messages set status = 'delivered' where id = $1`, [fromPublicId('message', sent.id)]);
    const after = await exportNow(env, owner, 'account');
    expect((await download(c, after.downloadUrl)).get('messages.json')).toContain('quince');
    expect((await download(c, before.downloadUrl)).get('messages.json')).not.toContain('quince');
    const realNow = env.ctx.now;
    env.ctx.now = () => new Date(Date.now() + 3 * 86_400_000);
    try {
      expect(await applyRetention(env.ctx, raw('account', owner.accountId))).toMatchObject({ messageBodies: 1 });
      expect((await c.get(`/v1/exports/${after.id}`)).json()).toMatchObject({ status: 'expired', downloadUrl: null });
      expect((await c.get(`/v1/exports/${before.id}`)).json()).toMatchObject({ status: 'completed', downloadUrl: before.downloadUrl });
      expect((await download(c, before.downloadUrl)).get('messages.json')).not.toContain('quince');
    } finally {
      env.ctx.now = realNow;
    }
    const { rows } = await env.ctx.database.query<{ n: number }>(`select count(*)::int as n from export_chunks where export_id = $1`, [raw('dataExport', after.id)]);
    expect(Number(rows[0].n)).toBe(0);
  });

  it('asked for many times at once, an export of a kind is queued once (the rest 409 export_in_progress), not built many times over', async () => {
    const env = use();
    const owner = await signUp(env.app);
    for (const scope of ['account', 'me']) {
      const rs = await Promise.all(Array.from({ length: 6 }, () => owner.client.post('/v1/exports', { scope })));
      expect(rs.map((r) => r.statusCode).sort(), scope).toEqual([202, 409, 409, 409, 409, 409]);
      expect(rs.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'export_in_progress'), scope).toBe(true);
    }
    expect((await owner.client.get('/v1/exports')).json().data).toHaveLength(2);
  });

  it('every export section the data map names is in the account or the personal ZIP', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const names = new Set<string>();
    for (const scope of ['account', 'me'] as const) for (const name of (await download(owner.client, (await exportNow(env, owner, scope)).downloadUrl)).keys()) names.add(name);
    const named = PERSONAL_DATA.filter((t) => t.export).map((t) => `${t.table} → ${t.export}`);
    expect(named.filter((n) => !names.has(n.split(' → ')[1]))).toEqual([]);
  });

  it('stores the ZIP as it is produced in chunks of the set size, numbered in order, that join into the ZIP', async () => {
    const env = use();
    const { randomBytes } = await import('node:crypto');
    const big = randomBytes(300_000).toString('base64'); // ~400 KB that deflate barely shrinks
    const stored: Array<{ seq: number; data: Buffer }> = [];
    const { size } = await writeZip({
      db: env.ctx.db, scope: { accountId: env.ctx.config.secretKey, userId: null }, sections: [], pageSize: 10, onRows: async () => {},
      trailer: [{ name: 'big.txt', text: () => big }, { name: 'small.txt', text: () => 'small' }], scratch: `${env.config.dataDir}/chunk-test-scratch`,
    }, async (seq, data) => { stored.push({ seq, data: Buffer.from(data) }); }, 64 * 1024);
    expect(stored.map((c) => c.seq)).toEqual(stored.map((_, i) => i));
    expect(stored.length).toBeGreaterThan(3);
    expect(stored.slice(0, -1).every((c) => c.data.length === 64 * 1024)).toBe(true);
    const zip = Buffer.concat(stored.map((c) => c.data));
    expect(zip.length).toBe(size);
    const files = await unzip(zip);
    expect([files.get('big.txt') === big, files.get('small.txt')]).toEqual([true, 'small']);
  });

  it('writes one contact\'s messages and consent history as a ZIP (the access-request download)', async () => {
    const env = use();
    const owner = await signUp(env.app);
    await owner.client.post('/v1/numbers', { provider: 'simulator' });
    const bo = (await owner.client.post('/v1/contacts', { phone: '+1 415 555 0155', firstName: 'Bo' })).json();
    const cy = (await owner.client.post('/v1/contacts', { phone: '+1 415 555 0156', firstName: 'Cy' })).json();
    await owner.client.post('/v1/messages', { to: bo.phone, body: 'for Bo' });
    await owner.client.post('/v1/messages', { to: cy.phone, body: 'for Cy' });
    await owner.client.post(`/v1/contacts/${bo.id}/consent`, { kind: 'opt_out', source: 'api', evidence: {} });
    const path = `${env.config.dataDir}/contact-${bo.id}.zip`;
    await writeContactExport(env.ctx, { accountId: raw('account', owner.accountId), contactId: fromPublicId('contact', bo.id)!, phone: bo.phone }, path);
    const { readFileSync } = await import('node:fs');
    const files = await unzip(readFileSync(path));
    expect(JSON.parse(files.get('contact.json')!)[0]).toMatchObject({ id: bo.id, firstName: 'Bo' });
    expect(JSON.parse(files.get('messages.json')!).map((m: { body: string }) => m.body)).toEqual(['for Bo']);
    expect(JSON.parse(files.get('consent_history.json')!).map((e: { kind: string }) => e.kind)).toContain('opt_out');
    expect((parse(files.get('messages.csv')!) as string[][])[0]).toContain('body');
  });
});

// Before exports were stored in the database (migration 0073), a finished ZIP lay in DATA_DIR/exports/<account>/:
// nothing serves those any more, and erasure and account deletion no longer look there. The hourly expiry removes
// the folder on every worker, so an upgraded server keeps no personal data on disk past the next run.
describeEachDb('exports left on disk by earlier versions', (use) => {
  it('are deleted by the expiry job', async () => {
    const { ctx } = use();
    const { mkdirSync, writeFileSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const legacy = join(ctx.config.dataDir, 'exports', '019a0000-0000-7000-8000-0000000000aa');
    mkdirSync(legacy, { recursive: true });
    writeFileSync(join(legacy, 'old.zip'), 'PK…personal data');
    await expireExports(ctx);
    expect(existsSync(join(ctx.config.dataDir, 'exports'))).toBe(false);
  });
});
