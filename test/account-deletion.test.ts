import { beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../src/context.js';
import { fromPublicId } from '../src/lib/ids.js';
import { deletionStage, evidenceExpired, giveBackAbandoned, giveBackRetryAt, GIVE_BACK_MAX_ATTEMPTS } from '../src/modules/privacy/account-deletion.js';
import { runAccountDeletions } from '../src/modules/privacy/account-deletion.service.js';
import { deliverEmail } from '../src/modules/email/email.service.js';
import { describeEachDb } from './harness.js';
import { STRONG_PASSWORD, postMultipart, signUp, waitForImport } from './factories.js';
import { dumpDatabase, dumpFiles, findTraces } from './erasure-dump.js';

const DAY = 86_400_000;

describe('account deletion rules', () => {
  const due = new Date('2026-12-15T12:00:00Z');
  it.each([
    ['13 days before', 13 * DAY, 0, { kind: 'wait' }],
    ['7 days before', 7 * DAY, 0, { kind: 'remind', reminders: 1, label: '7 days' }],
    ['6 days before, first reminder sent', 6 * DAY, 1, { kind: 'wait' }],
    ['1 day before', DAY, 1, { kind: 'remind', reminders: 2, label: '1 day' }],
    ['12 h before, none sent (a late run sends only the latest)', DAY / 2, 0, { kind: 'remind', reminders: 2, label: '1 day' }],
    ['12 h before, both sent', DAY / 2, 2, { kind: 'wait' }],
    ['due', 0, 2, { kind: 'erase' }],
    ['past due, no reminder sent', -DAY, 0, { kind: 'erase' }],
  ])('%s', (_name, before, sent, stage) => {
    expect(deletionStage(due, new Date(due.getTime() - before), sent)).toEqual(stage);
  });
  it.each([
    [1, 1, false], [2, 2, false], [3, 4, false], [5, 16, false], [6, 24, false], [29, 24, false], [30, 24, true], [31, 24, true],
  ])('a kept number give-back refused %i times: next try in %i h, abandoned %s', (attempts, hours, abandoned) => {
    const now = new Date('2026-12-15T12:00:00Z');
    expect(giveBackRetryAt(attempts, now).getTime() - now.getTime()).toBe(hours * 3_600_000);
    expect(giveBackAbandoned(attempts)).toBe(abandoned);
  });
  it('abandons a kept give-back within about four weeks of tries', () => {
    let hours = 0;
    for (let a = 1; a < GIVE_BACK_MAX_ATTEMPTS; a++) hours += Math.min(24, 2 ** (a - 1));
    expect(hours / 24).toBeGreaterThan(20);
    expect(hours / 24).toBeLessThan(31);
  });
  it('keeps consent evidence of an erased account 4 years', () => {
    const erased = new Date('2026-12-15T12:00:00Z');
    expect(evidenceExpired(erased, new Date('2030-12-15T11:59:59Z'))).toBe(false);
    expect(evidenceExpired(erased, new Date('2030-12-15T12:00:00Z'))).toBe(true);
  });
});

const CONSENTED = { basis: 'consented', description: 'Signed up at the counter on our paper form, which says we will text offers.' };

describeEachDb('account deletion', (use) => {
  beforeAll(async () => {
    await use().ctx.jobs.work();
  }, 120_000);
  const at = (ctx: Ctx, t: number): Ctx => ({ ...ctx, now: () => new Date(t) });

  it('owner only, password re-checked: 202 {scheduledFor}; GET shows it to members; DELETE cancels; another account sees only its own', async () => {
    const { app, ctx } = use();
    const a = await signUp(app);
    const b = await signUp(app);
    expect((await a.client.post('/v1/account/deletion', { password: 'not-the-password-123' })).json().error.code).toBe('wrong_password');
    expect((await a.client.post('/v1/account/deletion', {})).statusCode).toBe(422);
    const t0 = Date.now();
    const r = await a.client.post('/v1/account/deletion', { password: STRONG_PASSWORD });
    expect(r.statusCode, r.body).toBe(202);
    const due = Date.parse(r.json().scheduledFor);
    expect(due - t0).toBeGreaterThanOrEqual(14 * DAY - 60_000);
    expect(due - t0).toBeLessThanOrEqual(14 * DAY + 60_000);
    // Asking again changes nothing.
    expect((await a.client.post('/v1/account/deletion', { password: STRONG_PASSWORD })).json().scheduledFor).toBe(r.json().scheduledFor);
    expect((await a.client.get('/v1/account/deletion')).json()).toMatchObject({ pending: true, scheduledFor: r.json().scheduledFor });
    expect((await b.client.get('/v1/account/deletion')).json()).toEqual({ pending: false, requestedAt: null, scheduledFor: null });
    // A member who is not the owner may see it, not change it.
    await ctx.database.query(`insert into memberships (account_id, user_id, role) values ($1, $2, 'admin')`, [fromPublicId('account', a.accountId), fromPublicId('user', b.userId)]);
    expect((await b.client.post('/v1/auth/switch', { accountId: a.accountId })).statusCode).toBe(200);
    expect((await b.client.get('/v1/account/deletion')).json().pending).toBe(true);
    expect((await b.client.post('/v1/account/deletion', { password: STRONG_PASSWORD })).statusCode).toBe(403);
    expect((await b.client.delete('/v1/account/deletion')).statusCode).toBe(403);
    expect((await a.client.delete('/v1/account/deletion')).statusCode).toBe(204);
    expect((await a.client.get('/v1/account/deletion')).json().pending).toBe(false);
    // The job finds nothing to do for a canceled deletion, even long after.
    expect(await runAccountDeletions(at(ctx, due + DAY))).toMatchObject({ erased: 0 });
    expect((await a.client.get('/v1/me')).statusCode).toBe(200);
  }, 120_000);

  // Once due, the erasure may have begun giving the account's numbers back to their carriers: a cancel then would keep an
  // account whose numbers are gone. The mails say an owner can cancel until then; after, 409 erasure_started.
  it('a deletion past due can no longer be canceled (409 erasure_started); the erasure then runs', async () => {
    const { app, ctx } = use();
    const a = await signUp(app);
    expect((await a.client.post('/v1/account/deletion', { password: STRONG_PASSWORD })).statusCode).toBe(202);
    await ctx.database.query(`update account_deletions set scheduled_for = now() - interval '1 minute' where account_id = $1`, [fromPublicId('account', a.accountId)]);
    const late = await a.client.delete('/v1/account/deletion');
    expect(late.statusCode, late.body).toBe(409);
    expect(late.json().error.code).toBe('erasure_started');
    expect((await a.client.get('/v1/account/deletion')).json().pending).toBe(true);
    expect(await runAccountDeletions(ctx)).toMatchObject({ erased: 1 });
    expect((await a.client.get('/v1/me')).statusCode).toBe(401);
  }, 120_000);

  it('with a controlled clock: reminders 7 days and 1 day before, then a hard erasure that leaves no row of the account but what the rules keep', async () => {
    const { app, ctx, config } = use();
    const owner = await signUp(app, { business: 'Gloxinia Florists Erasable', email: `gloxinia-owner-${Date.now()}@example.net`, phone: '+1 415 555 0190' });
    const other = await signUp(app);
    const account = fromPublicId('account', owner.accountId)!;
    const c = owner.client;
    // Data of every kind: contacts (by import and by hand), messages, consent evidence, an API key, an invitation, custom fields, an export ZIP (in the database).
    const csv = 'phone,first_name,last_name,email\n(646) 555-0123,Hortensia,Gloxwing,hortensia.g@example.net\n';
    const up = await postMultipart(c, '/v1/imports', { options: { consent: CONSENTED } }, { content: csv });
    expect((await waitForImport(c, up.json().id)).status).toBe('completed');
    const ct = (await c.get('/v1/contacts')).json().data[0];
    const number = (await c.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    expect((await c.post('/v1/messages', { from: number.phoneNumber, to: '+16465550123', body: 'Body-Gloxinia-Bouquet ready' })).statusCode).toBe(201);
    await c.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_out', source: 'agent', evidence: { note: 'Hortensia said stop', ip: '198.51.100.23' } });
    expect((await c.post('/v1/api-keys', { name: 'Gloxinia integration' })).statusCode).toBe(201);
    expect((await c.post('/v1/invitations', { email: 'invited-gloxinia@example.net', role: 'agent' })).statusCode).toBe(201);
    // A member of another account keeps their login.
    await ctx.database.query(`insert into memberships (account_id, user_id, role) values ($1, $2, 'agent')`, [account, fromPublicId('user', other.userId)]);
    // An export of the account, its ZIP stored in the database.
    const exportId = crypto.randomUUID();
    await ctx.database.query(`insert into data_exports (id, account_id, scope, status, progress, size, finished_at, expires_at) values ($1, $2, 'account', 'completed', 100, 31, now(), now() + interval '7 days')`, [exportId, account]);
    await ctx.database.query(`insert into export_chunks (account_id, export_id, seq, data) values ($1, $2, 0, $3)`, [account, exportId, Buffer.from('Hortensia Gloxwing +16465550123')]);
    // Mail another account sent the owner while they were its member (a mention in a note), since removed from it: the log keeps it under that account.
    await ctx.database.query(`insert into emails (id, account_id, "to", subject, text, status, sent_at) values ($1, $2, $3, 'Ana mentioned you in a note', 'sealed body', 'sent', now())`, [crypto.randomUUID(), fromPublicId('account', other.accountId), owner.email]);
    // An inquiry the owner wrote to the platform from the other account while a member there (since removed), and a reply
    // they wrote in a colleague's inquiry there: the person's own words, erased with the login.
    const otherAccount = fromPublicId('account', other.accountId);
    const ownerUser = fromPublicId('user', owner.userId);
    const [ownInquiry, colleagueInquiry] = [crypto.randomUUID(), crypto.randomUUID()];
    await ctx.database.query(`insert into support_tickets (account_id, id, user_id, kind, subject) values ($1, $2, $3, 'inquiry', 'Gloxinia invoices'), ($1, $4, $5, 'bug', 'Colleague bug')`,
      [otherAccount, ownInquiry, ownerUser, colleagueInquiry, fromPublicId('user', other.userId)]);
    await ctx.database.query(`insert into support_messages (account_id, id, ticket_id, author, user_id, body) values
      ($1, $2, $3, 'user', $4, 'Hortensia asked about the Gloxinia invoices'), ($1, $5, $6, 'user', $4, 'Same here, signed Gloxwing'), ($1, $7, $6, 'user', $8, 'It fails on send')`,
      [otherAccount, crypto.randomUUID(), ownInquiry, ownerUser, crypto.randomUUID(), colleagueInquiry, crypto.randomUUID(), fromPublicId('user', other.userId)]);
    // The other account's invitations to the owner's address: the one they accepted (spent), a revoked one and a newer one still open.
    const openInvitation = crypto.randomUUID();
    for (const [id, accepted, revoked, expires] of [
      [crypto.randomUUID(), 'now()', 'null', "now() - interval '1 day'"], [crypto.randomUUID(), 'null', 'now()', "now() + interval '1 year'"], [openInvitation, 'null', 'null', "now() + interval '1 year'"],
    ]) {
      await ctx.database.query(`insert into invitations (id, account_id, email, role, token_hash, expires_at, accepted_at, revoked_at) values ($1, $2, $3, 'agent', $4, ${expires}, ${accepted}, ${revoked})`,
        [id, fromPublicId('account', other.accountId), owner.email, `hash-${crypto.randomUUID()}`]);
    }

    const due = Date.parse((await c.post('/v1/account/deletion', { password: STRONG_PASSWORD })).json().scheduledFor);
    const mails = async () => (await ctx.database.query<{ subject: string }>(`select subject from emails where account_id = $1 order by created_at`, [account])).rows.map((m) => m.subject);
    expect(await runAccountDeletions(at(ctx, due - 10 * DAY))).toMatchObject({ reminded: 0, erased: 0 });
    expect(await runAccountDeletions(at(ctx, due - 7 * DAY + 60_000))).toMatchObject({ reminded: 1 });
    expect(await runAccountDeletions(at(ctx, due - 6 * DAY))).toMatchObject({ reminded: 0 });
    expect(await runAccountDeletions(at(ctx, due - DAY / 2))).toMatchObject({ reminded: 1, erased: 0 });
    expect((await mails()).filter((s) => /will be deleted/.test(s))).toEqual([
      'Your West Message account will be deleted', 'Your West Message account will be deleted in 7 days', 'Your West Message account will be deleted in 1 day',
    ]);
    expect((await c.get('/v1/me')).statusCode).toBe(200);

    // Mail the other account queued to the owner's address (the person asked it something: its answer), not sent yet when the
    // erasure runs; and one it queued days before that was never sent (its delivery gave up).
    const queuedMail = crypto.randomUUID();
    for (const [id, subject, created] of [[queuedMail, 'Your data request', due], [crypto.randomUUID(), 'Your sign-in code', due - 3 * DAY]] as const) {
      await ctx.database.query(`insert into emails (id, account_id, "to", subject, text, status, attempts, created_at) values ($1, $2, $3, $4, 'sealed body', 'queued', $5, $6)`,
        [id, fromPublicId('account', other.accountId), owner.email, subject, created === due ? 0 : 9, new Date(created)]);
    }

    expect(await runAccountDeletions(at(ctx, due + 1000))).toMatchObject({ erased: 1 });
    // The owner asked nothing of the other account: its open invitation and its unsent mail to the address stay (the mail is
    // still delivered); its spent and revoked invitations, its sent mail and the mail it gave up on are gone.
    const toOwner = async (sql: string) => (await ctx.database.query<{ id: string }>(sql, [owner.email.toLowerCase()])).rows.map((r) => r.id);
    expect(await toOwner(`select id from invitations where lower(email) = $1`)).toEqual([openInvitation]);
    expect(await toOwner(`select id from emails where lower("to") = $1`)).toEqual([queuedMail]);
    // The owner's inquiry in the other account is gone, their reply in the colleague's too; the colleague's own thread stays.
    expect((await ctx.database.query(`select id from support_tickets where account_id = $1 order by subject`, [otherAccount])).rows.map((r) => r.id)).toEqual([colleagueInquiry]);
    expect((await ctx.database.query(`select body from support_messages where account_id = $1`, [otherAccount])).rows.map((r) => r.body)).toEqual(['It fails on send']);
    await deliverEmail(at(ctx, due + 2000), queuedMail);
    expect((await ctx.database.query<{ status: string }>(`select status from emails where id = $1`, [queuedMail])).rows[0].status).not.toBe('queued');

    // No row of the account survives but the kept ones; nothing names it or its people anywhere.
    // (The other account's open invitation and its unsent mail to the owner are its own, checked above.)
    const dump = [...(await dumpDatabase(ctx.database)), ...dumpFiles(config.dataDir)].filter((l) => !l.text.includes(openInvitation) && !l.text.includes(queuedMail));
    const rowsOfAccount = dump.filter((l) => l.text.includes(account)).map((l) => l.where.replace(/ \(utf-16\)$/, ''));
    expect([...new Set(rowsOfAccount)].sort()).toEqual(['public.accounts', 'public.consent_events', 'public.platform_audit_events']);
    expect(findTraces(dump, {
      digits: ['16465550123', '6465550123', '14155550190', '4155550190'],
      strings: ['Gloxinia', owner.email, 'Hortensia', 'Gloxwing', 'hortensia.g@example.net', 'invited-gloxinia@example.net', '198.51.100.23'],
    })).toEqual([]);
    // The tombstone and the kept evidence.
    const tomb = (await ctx.database.query<{ status: string; name: string }>(`select status, name from accounts where id = $1`, [account])).rows[0];
    expect(tomb).toEqual({ status: 'erased', name: 'Erased account' });
    const kept = (await ctx.database.query<{ kind: string; contact_id: string | null; recorded_by: string | null }>(`select kind, contact_id, recorded_by from consent_events where account_id = $1 order by occurred_at`, [account])).rows;
    expect(kept.map((k) => k.kind)).toEqual(['opt_in', 'opt_out']);
    expect(kept.every((k) => k.contact_id === null && k.recorded_by === null)).toBe(true);
    // The certificate, in the platform log (no account's chain).
    const cert = (await ctx.database.query<{ details: string }>(`select details from platform_audit_events where action = 'account.erased' and target_id = $1`, [account])).rows;
    expect(cert).toHaveLength(1);
    const certificate = JSON.parse(cert[0].details).certificate;
    // invitations: the account's own and the other account's spent and revoked ones to the owner's address.
    expect(certificate.erased).toMatchObject({ contacts: 1, messages: 1, memberships: 2, api_keys: 1, invitations: 3, users: 1, data_exports: 1, export_chunks: 1 });
    expect(certificate.erased.audit_events).toBeGreaterThan(0);
    expect(certificate.kept.map((k: { table: string }) => k.table)).toEqual(['accounts', 'consent_events', 'users']);
    // The owner is signed out for good; the member of another account is not.
    expect((await c.get('/v1/me')).statusCode).toBe(401);
    expect((await other.client.get('/v1/me')).statusCode).toBe(200);
    // Running again does nothing more.
    expect(await runAccountDeletions(at(ctx, due + DAY))).toMatchObject({ erased: 0, purged: 0 });
    // Four years later the kept evidence and the tombstone go too.
    expect((await runAccountDeletions(at(ctx, due + 4 * 366 * DAY))).purged).toBeGreaterThanOrEqual(1);
    expect((await ctx.database.query(`select 1 from consent_events where account_id = $1 union all select 1 from accounts where id = $1`, [account])).rows).toEqual([]);
  }, 120_000);
});
