import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { lockAccountForErasure } from '../../db/erasure-lock.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { recordAudit, SYSTEM_ACTOR, type RequestMeta } from '../audit/audit.service.js';
import { countInactiveContacts, inactiveContactIds } from '../contacts/retention.service.js';
import { countOldUploads, deleteOldUploads } from '../imports/retention.service.js';
import { mediaListedByCampaigns } from '../campaigns/retention.service.js';
import { eraseContactMedia } from '../media/erasure.service.js';
import { deleteUploads, oldUploadsPage } from '../media/retention.service.js';
import { countOldMessageBodies, mediaListedByMessages, redactOldMessageBodies, REDACTED_BODY } from '../messaging/retention.service.js';
import { exportsBuiltDuringRedaction, messagesRedacted, transactionNow } from '../exports/exports.service.js';
import { eraseContacts } from '../privacy/erasure.service.js';
import { redactInboundAnswers } from '../twilio-compat/inbound-log.service.js';
import { redactMessageDeliveries } from '../webhooks/erasure.service.js';
import { RETENTION_DEFAULTS, cutoffsOf, type Cutoffs, type RetentionSettings } from './retention-rules.js';
import * as repo from './retention.repo.js';
import type { RetentionBody } from './retention.schema.js';

export const RETENTION_JOB = 'retention.apply';

const settingsOf = (row: repo.RetentionRow | null): RetentionSettings =>
  row
    ? { messageBodyDays: row.messageBodyDays, uploadDays: row.uploadDays, inactiveContactMonths: row.inactiveContactMonths, exportDays: row.exportDays }
    : { ...RETENTION_DEFAULTS };

/** The account's rules (the defaults until it sets its own). Exports read `exportDays` here. */
export async function retentionOf(db: Db, accountId: string): Promise<RetentionSettings> {
  return settingsOf(await repo.findSettings(db, accountId));
}

export async function getRetention(db: Db, accountId: string) {
  const row = await repo.findSettings(db, accountId);
  return { ...settingsOf(row), defaults: RETENTION_DEFAULTS, lastRunAt: row?.lastRunAt?.toISOString() ?? null, lastRun: row?.lastRun ?? null };
}

/** Owners and admins set the rules; audited with before and after. */
export async function updateRetention(ctx: Ctx, auth: AuthContext, body: z.infer<typeof RetentionBody>, meta: RequestMeta) {
  await withTx(ctx.db, async (tx) => {
    const before = settingsOf(await repo.findSettings(tx, auth.accountId));
    await repo.upsertSettings(tx, { accountId: auth.accountId, ...body });
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'retention.updated', target: { type: 'account', id: auth.accountId }, meta, details: { before, after: body } });
  });
  return getRetention(ctx.db, auth.accountId);
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** What the daily job would do now: counts over exactly the rows it would touch. */
export async function previewRetention(ctx: Ctx, accountId: string) {
  const now = ctx.now();
  const c = cutoffsOf(await retentionOf(ctx.db, accountId), now);
  const [messageBodies, uploads, mediaUploads, inactiveContacts] = await Promise.all([
    c.messageBodies ? countOldMessageBodies(ctx.db, accountId, c.messageBodies) : 0,
    c.uploads ? countOldUploads(ctx.db, accountId, c.uploads) : 0,
    c.uploads ? countUnlistedUploads(ctx, accountId, c.uploads) : 0,
    c.inactiveContacts ? countInactiveContacts(ctx.db, accountId, c.inactiveContacts) : 0,
  ]);
  return {
    at: now.toISOString(), messageBodies, uploads, mediaUploads, inactiveContacts, exports: null,
    cutoffs: { messageBodies: iso(c.messageBodies), uploads: iso(c.uploads), inactiveContacts: iso(c.inactiveContacts), exports: iso(c.exports) },
  };
}

/** Batch sizes (one transaction each) and how many batches one rule may take in one run. */
export const RETENTION_BATCH = { messages: 1000, uploads: 50, mediaUploads: 200, contacts: 200, maxBatches: 200 };

export interface RetentionDone { messageBodies: number; media: number; uploads: number; mediaUploads: number; inactiveContacts: number }

/** Of these uploads, those no message and no campaign that may still send lists. */
async function unlisted(db: Db, accountId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const listed = new Set([...(await mediaListedByMessages(db, accountId, ids)), ...(await mediaListedByCampaigns(db, accountId, ids))]);
  return ids.filter((id) => !listed.has(id));
}

/** The dry run of dropMediaUploads: the same pages, nothing locked (as many as one run looks at). */
async function countUnlistedUploads(ctx: Ctx, accountId: string, before: Date): Promise<number> {
  let after: string | null = null;
  let n = 0;
  for (let i = 0; i < RETENTION_BATCH.maxBatches; i++) {
    const ids = await oldUploadsPage(ctx.db, accountId, before, after, RETENTION_BATCH.mediaUploads, { lock: false });
    n += (await unlisted(ctx.db, accountId, ids)).length;
    if (ids.length < RETENTION_BATCH.mediaUploads) break;
    after = ids[ids.length - 1];
  }
  return n;
}

/**
 * The business's MMS uploads past the rule for uploaded files that nothing lists any more: a page of them locked
 * (one a send is listing right now is skipped), then — in a later statement, so a send that committed meanwhile is
 * seen — those no message and no unfinished campaign lists are deleted. Pages move on by id past the ones kept.
 */
async function dropMediaUploads(ctx: Ctx, accountId: string, before: Date, done: RetentionDone) {
  let after: string | null = null;
  for (let i = 0; i < RETENTION_BATCH.maxBatches; i++) {
    const seen: number = await withTx(ctx.db, async (tx) => {
      const ids = await oldUploadsPage(tx, accountId, before, after, RETENTION_BATCH.mediaUploads, { lock: true });
      done.mediaUploads += await deleteUploads(tx, accountId, await unlisted(tx, accountId, ids));
      if (ids.length) after = ids[ids.length - 1];
      return ids.length;
    });
    if (seen < RETENTION_BATCH.mediaUploads) return;
  }
}

async function redactBodies(ctx: Ctx, accountId: string, before: Date, done: RetentionDone) {
  let after: string | null = null;
  let batches = 0;
  let firstBatchAt: Date | null = null;
  for (let i = 0; i < RETENTION_BATCH.maxBatches; i++) {
    const n: number = await withTx(ctx.db, async (tx) => {
      // The webhook log's copies of these bodies (and the Twilio inbound webhook's stored answers) are redacted with them; the account's erasure lock comes first (a fan-out
      // copying a body commits before and is rewritten, or reads after), as a contact erasure takes it.
      await lockAccountForErasure(tx, accountId);
      const batch = await redactOldMessageBodies(tx, accountId, before, after, RETENTION_BATCH.messages);
      await redactMessageDeliveries(tx, accountId, batch.ids, REDACTED_BODY);
      await redactInboundAnswers(tx, accountId, batch.ids);
      if (batch.mediaIds.length) done.media += await eraseContactMedia(tx, accountId, [], batch.mediaIds);
      // The built ZIPs that hold these bodies (finished after the message was written; an export lives up to exportDays) go; a ZIP
      // built before them keeps its link. One being built starts over — with the first batch that redacts (each batch did it: the
      // export being built restarted every batch).
      if (batch.ids.length) {
        if (++batches === 1) firstBatchAt = await transactionNow(tx);
        await messagesRedacted(ctx, tx, accountId, batch.ids, { requeueRunning: batches === 1 });
      }
      after = batch.lastId;
      return batch.ids.length;
    });
    done.messageBodies += n;
    if (n < RETENTION_BATCH.messages) break;
  }
  // An export restarted by the first batch was rebuilt while later batches ran, and may hold bodies it read before their batch
  // redacted them: the exports claimed since the first batch go (or start over), once more after the last.
  if (batches > 1 && firstBatchAt) {
    const since: Date = firstBatchAt;
    await withTx(ctx.db, async (tx) => {
      await lockAccountForErasure(tx, accountId);
      await exportsBuiltDuringRedaction(ctx, tx, accountId, since);
    });
  }
}

async function dropUploads(ctx: Ctx, accountId: string, before: Date, done: RetentionDone) {
  for (let i = 0; i < RETENTION_BATCH.maxBatches; i++) {
    const n = await withTx(ctx.db, (tx) => deleteOldUploads(tx, accountId, before, RETENTION_BATCH.uploads));
    done.uploads += n;
    if (n < RETENTION_BATCH.uploads) return;
  }
}

async function eraseInactive(ctx: Ctx, accountId: string, before: Date, done: RetentionDone) {
  for (let i = 0; i < RETENTION_BATCH.maxBatches; i++) {
    const n = await withTx(ctx.db, async (tx) => {
      const ids = await inactiveContactIds(tx, accountId, before, RETENTION_BATCH.contacts);
      if (ids.length) await eraseContacts(ctx, tx, accountId, ids, 'retention_inactive');
      return ids.length;
    });
    done.inactiveContacts += n;
    if (n < RETENTION_BATCH.contacts) return;
  }
}

/**
 * Applies the account's rules at `ctx.now()`, rule by rule in bounded batches (one transaction
 * each: a crash loses at most the batch in flight, and the next run takes up the rest). The
 * run is one entry of the account's audit log with what it did.
 */
export async function applyRetention(ctx: Ctx, accountId: string, settings?: RetentionSettings): Promise<RetentionDone> {
  const now = ctx.now();
  const rules = settings ?? (await retentionOf(ctx.db, accountId));
  const c: Cutoffs = cutoffsOf(rules, now);
  const done: RetentionDone = { messageBodies: 0, media: 0, uploads: 0, mediaUploads: 0, inactiveContacts: 0 };
  if (c.messageBodies) await redactBodies(ctx, accountId, c.messageBodies, done);
  if (c.uploads) await dropUploads(ctx, accountId, c.uploads, done);
  if (c.uploads) await dropMediaUploads(ctx, accountId, c.uploads, done); // after the bodies: a redacted text lists no media
  if (c.inactiveContacts) await eraseInactive(ctx, accountId, c.inactiveContacts, done);
  await repo.recordRun(ctx.db, accountId, now, { ...done }, rules);
  if (done.messageBodies + done.uploads + done.mediaUploads + done.inactiveContacts > 0) {
    await withTx(ctx.db, (tx) => recordAudit(tx, { accountId, actor: SYSTEM_ACTOR, action: 'retention.applied', details: { ...done, cutoffs: { messageBodies: iso(c.messageBodies), uploads: iso(c.uploads), inactiveContacts: iso(c.inactiveContacts) } } }));
  }
  return done;
}

/** The daily job: every account that is not closed, a page of accounts at a time. */
export async function runRetention(ctx: Ctx, pageSize = 200): Promise<number> {
  let after: string | null = null;
  let accounts = 0;
  for (;;) {
    const page = await repo.accountsPage(ctx.db, after, pageSize);
    for (const a of page) {
      if (a.status === 'closed' || a.status === 'deleted') continue;
      await applyRetention(ctx, a.id, settingsOf(a.settings));
      accounts += 1;
    }
    if (page.length < pageSize) return accounts;
    after = page[page.length - 1].id;
  }
}
