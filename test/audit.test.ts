import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';
import { withTx } from '../src/db/tx.js';
import { recordAudit, verifyAudit } from '../src/modules/audit/audit.service.js';

describeEachDb('audit log', (use) => {
  it('lists the account events newest first with cursor pagination and verifies the chain', async () => {
    const { app } = use();
    const { client } = await signUp(app);
    for (let i = 0; i < 4; i++) await client.patch('/v1/me', { name: `Name ${i}` });
    const p1 = (await client.get('/v1/audit-events?limit=3')).json();
    expect(p1.data).toHaveLength(3);
    expect(p1.data[0].action).toBe('user.profile_updated');
    expect(p1.data[0].actor.id).toMatch(/^usr_/);
    const p2 = (await client.get(`/v1/audit-events?limit=3&cursor=${p1.nextCursor}`)).json();
    expect(p2.data.map((e: { action: string }) => e.action)).toContain('account.created');
    expect(p2.nextCursor).toBeNull();
    expect((await client.get('/v1/audit-events/verify')).json()).toEqual({ ok: true, checked: 5 });
  });

  it('refuses updates and deletes of audit rows at the database', async () => {
    const { app, ctx } = use();
    await signUp(app);
    await expect(ctx.database.query(`update audit_events set action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(ctx.database.query(`delete from audit_events`)).rejects.toThrow(/append-only/);
  });

  for (const [label, tamper] of [
    ['an edited row', `update audit_events set ip = '6.6.6.6' where id = $1`],
    ['a deleted row', `delete from audit_events where id = $1`],
  ] as const) {
    it(`reports ${label} as the first broken link`, async () => {
      const { app, ctx } = use();
      const { client, accountId } = await signUp(app);
      for (let i = 0; i < 3; i++) await client.patch('/v1/me', { name: `N${i}` });
      const events = (await client.get('/v1/audit-events')).json().data;
      const victim = events[2]; // the second-oldest entry
      const { rows: [raw] } = await ctx.database.query<{ id: string; seq: number }>(
        `select e.id, e.seq from audit_events e where e.action = $1 and e.created_at = $2::timestamptz`, [victim.action, victim.createdAt],
      );
      await ctx.database.exec('alter table audit_events disable trigger audit_events_no_update');
      await ctx.database.query(tamper, [raw.id]);
      await ctx.database.exec('alter table audit_events enable trigger audit_events_no_update');
      const verdict = (await client.get('/v1/audit-events/verify')).json();
      expect(verdict.ok).toBe(false);
      if (label === 'an edited row') expect(verdict.firstBrokenId).toBe(victim.id);
      else expect(verdict.firstBrokenId).toBe(events[1].id); // the row after the gap
      expect(accountId).toMatch(/^acct_/);
    });
  }

  it('keeps one unbroken chain under concurrent writers', async () => {
    const { ctx } = use();
    const accountId = (await ctx.database.query<{ id: string }>('select id from accounts limit 1')).rows[0].id;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTx(ctx.db, (tx) => recordAudit(tx, { accountId, actor: { type: 'system', id: null, label: 'test' }, action: `test.concurrent.${i}` })),
      ),
    );
    expect((await verifyAudit(ctx.db, accountId)).ok).toBe(true);
  });
});
