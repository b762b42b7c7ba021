import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client, signUp } from './factories.js';
import { appendThroughApp, asDba, entries, headOf, insertEntrySql, plainSha, setHeadSql, updateEntrySql } from './audit-dba.js';
import { withTx } from '../src/db/tx.js';
import { fromPublicId, newUuid } from '../src/lib/ids.js';
import { deriveAuditKey } from '../src/modules/audit/audit-key.js';
import { recordAudit, recordPlatformAudit, verifyChain, SYSTEM_ACTOR } from '../src/modules/audit/audit.service.js';

const verify = async (client: Client, checkpoint?: unknown) => (await client.post('/v1/audit/verify', checkpoint ? { checkpoint } : {})).json();

describeEachDb('audit log', (use) => {
  async function account() {
    const { app, ctx } = use();
    const s = await signUp(app);
    return { ...s, ctx, id: fromPublicId('account', s.accountId)! };
  }

  it('lists the account events newest first with cursor pagination and verifies the chain', async () => {
    const { client, ctx, id } = await account();
    await appendThroughApp(ctx, id, 4, 'test.listed');
    const p1 = (await client.get('/v1/audit-events?limit=3')).json();
    expect(p1.data.map((e: { action: string }) => e.action)).toEqual(['test.listed.3', 'test.listed.2', 'test.listed.1']);
    const p2 = (await client.get(`/v1/audit-events?limit=3&cursor=${p1.nextCursor}`)).json();
    expect(p2.data.map((e: { action: string }) => e.action)).toContain('account.created');
    const all = (await client.get('/v1/audit-events?limit=200')).json().data.length;
    const head = await headOf(ctx, id);
    expect((await client.get('/v1/audit-events/verify')).json()).toEqual({ ok: true, checked: all, head });
    expect(await verify(client)).toEqual({ ok: true, checked: all, head });
  });

  it('refuses changes at the database: update, delete, truncate, a head moved by hand, an entry that does not extend the head', async () => {
    const { ctx, id } = await account();
    const q = (sql: string) => ctx.database.query(sql, []);
    await expect(q(`update audit_events set action = 'x' where account_id = '${id}'`)).rejects.toThrow(/append-only/);
    await expect(q(`delete from audit_events where account_id = '${id}'`)).rejects.toThrow(/append-only/);
    await expect(q('truncate audit_events')).rejects.toThrow(/append-only/);
    await expect(q('truncate audit_heads')).rejects.toThrow(/append-only/);
    await expect(q('truncate platform_audit_events, platform_audit_heads')).rejects.toThrow(/append-only/);
    await expect(q(`delete from audit_heads where account_id = '${id}'`)).rejects.toThrow(/append-only/);
    const [last] = (await entries(ctx, id)).slice(-1);
    await expect(q(`update audit_heads set seq = seq - 1 where account_id = '${id}'`)).rejects.toThrow(/moves only by appending/);
    await expect(q(`update audit_heads set seq = seq + 1, hash = '${'f'.repeat(64)}' where account_id = '${id}'`)).rejects.toThrow(/moves only by appending/);
    const forged = { ...last, id: newUuid(), action: 'forged' };
    await expect(q(insertEntrySql({ ...forged, seq: last.seq + 2, prevHash: last.hash }))).rejects.toThrow(/does not extend the chain/);
    await expect(q(insertEntrySql({ ...forged, seq: last.seq + 1, prevHash: '0'.repeat(64) }))).rejects.toThrow(/does not extend the chain/);
    await expect(q(insertEntrySql({ ...forged, seq: last.seq }))).rejects.toThrow();
    expect(await headOf(ctx, id)).toEqual({ seq: last.seq, hash: last.hash });
  });

  it('detects a tail and head rewritten with recomputed plain SHA-256 hashes', async () => {
    const { client, ctx, id } = await account();
    await appendThroughApp(ctx, id, 3);
    const chain = await entries(ctx, id);
    const rewritten = chain.slice(-2);
    let prev = chain[chain.length - 3].hash;
    const statements = rewritten.map((e) => {
      const forged = { ...e, action: 'nothing.happened', prevHash: prev };
      forged.hash = plainSha(forged);
      prev = forged.hash;
      return updateEntrySql(forged);
    });
    await asDba(ctx, [...statements, setHeadSql(id, rewritten[1].seq, prev)]);
    expect(await verify(client)).toMatchObject({ ok: false, reason: 'hash_mismatch', firstBrokenId: expect.stringMatching(/^evt_/) });
    const listed = (await client.get('/v1/audit-events?limit=2')).json().data;
    expect((await verify(client)).firstBrokenId).toBe(listed[1].id);
  });

  it('detects entries deleted from the end with the head rewound, against the checkpoint', async () => {
    const { client, ctx, id } = await account();
    await appendThroughApp(ctx, id, 3);
    const checkpoint = (await client.get('/v1/audit/checkpoint')).json();
    const chain = await entries(ctx, id);
    expect(checkpoint).toMatchObject({ seq: chain.length, hash: chain[chain.length - 1].hash });
    expect(await verify(client, checkpoint)).toMatchObject({ ok: true, checked: chain.length });
    const kept = chain[chain.length - 3];
    await asDba(ctx, [
      `delete from audit_events where account_id = '${id}' and seq > ${kept.seq}`,
      setHeadSql(id, kept.seq, kept.hash),
    ]);
    // Without the checkpoint a clean cut is indistinguishable from a shorter history...
    expect(await verify(client)).toMatchObject({ ok: true, checked: kept.seq });
    // ...with it, it is not.
    expect(await verify(client, checkpoint)).toMatchObject({ ok: false, reason: 'behind_checkpoint', head: { seq: kept.seq } });
  });

  it('detects an entry forged without the key (the database accepts it: it extends the head)', async () => {
    const { client, ctx, id } = await account();
    const [last] = (await entries(ctx, id)).slice(-1);
    const forged = { ...last, seq: last.seq + 1, id: newUuid(), action: 'user.role_changed', details: '{"role":"owner"}', createdAt: new Date(), prevHash: last.hash };
    forged.hash = plainSha(forged);
    await ctx.database.query(insertEntrySql(forged), []);
    expect(await headOf(ctx, id)).toEqual({ seq: forged.seq, hash: forged.hash });
    const listed = (await client.get('/v1/audit-events?limit=1')).json().data;
    expect(await verify(client)).toMatchObject({ ok: false, reason: 'hash_mismatch', firstBrokenId: listed[0].id });
    // Nor does the server sign a checkpoint over the forged head.
    const res = await client.get('/v1/audit/checkpoint');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('audit_chain_broken');
  });

  it('refuses an edited checkpoint, another account\'s checkpoint and malformed ones', async () => {
    const a = await account();
    const b = await account();
    const checkpoint = (await a.client.get('/v1/audit/checkpoint')).json();
    expect(checkpoint).toEqual({ accountId: a.accountId, seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/), at: expect.any(String), signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await verify(a.client, { ...checkpoint, seq: checkpoint.seq - 1 })).toMatchObject({ ok: false, reason: 'checkpoint_signature_invalid' });
    expect(await verify(a.client, { ...checkpoint, signature: 'a'.repeat(64) })).toMatchObject({ ok: false, reason: 'checkpoint_signature_invalid' });
    expect(await verify(b.client, checkpoint)).toMatchObject({ ok: false, reason: 'checkpoint_other_chain' });
    for (const bad of [{ ...checkpoint, seq: -1 }, { ...checkpoint, hash: 'xyz' }, { ...checkpoint, accountId: 'usr_1' }, { ...checkpoint, extra: 1 }, { ...checkpoint, at: 'yesterday' }]) {
      const res = await a.client.post('/v1/audit/verify', { checkpoint: bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'validation_failed', details: expect.anything() });
    }
  });

  it('gives checkpoints and verification to callers with audit:read only', async () => {
    const { app } = use();
    const { client } = await account();
    const scoped = new Client(app, (await client.post('/v1/api-keys', { name: 'contacts', scopes: ['contacts:read'] })).json().key);
    const auditor = new Client(app, (await client.post('/v1/api-keys', { name: 'auditor', scopes: ['audit:read'] })).json().key);
    for (const res of [await scoped.get('/v1/audit/checkpoint'), await scoped.post('/v1/audit/verify', {})]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.details.requiredScope).toBe('audit:read');
    }
    const checkpoint = (await auditor.get('/v1/audit/checkpoint')).json();
    expect(await verify(auditor, checkpoint)).toMatchObject({ ok: true });
    expect((await app.inject({ method: 'GET', url: '/v1/audit/checkpoint' })).statusCode).toBe(401);
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    const { ctx, id } = await account();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => withTx(ctx.db, (tx) => recordAudit(tx, { accountId: id, actor: SYSTEM_ACTOR, action: `test.concurrent.${i}` }))),
    );
    const key = deriveAuditKey(ctx.config);
    expect(await verifyChain(ctx.db, key, { accountId: id }, null, 7)).toMatchObject({ ok: true, checked: 21 });
  });

  it('keeps events of no account on the keyed platform chain', async () => {
    const { app, ctx } = use();
    const key = deriveAuditKey(ctx.config);
    const res = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: `nobody-${newUuid()}@example.com`, password: 'wrong-password-123' } });
    expect(res.statusCode).toBe(401);
    await withTx(ctx.db, (tx) => recordPlatformAudit(tx, { actor: SYSTEM_ACTOR, action: 'test.platform' }));
    const { rows } = await ctx.database.query<{ action: string }>(`select action from platform_audit_events where chain = 'platform' order by seq desc limit 2`);
    expect(rows.map((r) => r.action)).toEqual(['test.platform', 'auth.login_failed']);
    const verdict = await verifyChain(ctx.db, key, { platform: 'platform' });
    expect(verdict).toMatchObject({ ok: true });
    await expect(ctx.database.query(`update platform_audit_events set action = 'x'`)).rejects.toThrow(/append-only/);
    await asDba(ctx, [`update platform_audit_events set ip = '6.6.6.6' where chain = 'platform' and seq = 1`]);
    expect(await verifyChain(ctx.db, key, { platform: 'platform' })).toMatchObject({ ok: false, reason: 'hash_mismatch' });
  });

  // Last: it empties the tables for every account on this database.
  it('detects both tables truncated with triggers off, against the checkpoint, even after the chain regrows', async () => {
    const { client, ctx, id } = await account();
    await appendThroughApp(ctx, id, 2);
    const checkpoint = (await client.get('/v1/audit/checkpoint')).json();
    await asDba(ctx, ['truncate audit_events, audit_heads']);
    expect(await verify(client)).toMatchObject({ ok: true, checked: 0 });
    expect(await verify(client, checkpoint)).toMatchObject({ ok: false, reason: 'behind_checkpoint', head: { seq: 0 } });
    await appendThroughApp(ctx, id, checkpoint.seq + 1, 'test.regrown');
    expect(await verify(client)).toMatchObject({ ok: true });
    expect(await verify(client, checkpoint)).toMatchObject({ ok: false, reason: 'checkpoint_mismatch', firstBrokenId: expect.stringMatching(/^evt_/) });
  });
});
