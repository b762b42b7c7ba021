import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ctx } from '../../context.js';
import { sqlStateOf } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import { crashPoint } from '../../lib/crash-point.js';
import { toPublicId } from '../../lib/ids.js';
import { ensurePrivateDir } from '../../lib/private-dir.js';
import { recordAudit, recordAuditAlone } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import * as repo from './exports.repo.js';
import { EXPORT_JOB, downloadPath, type ExportJob } from './exports.service.js';
import { sectionsFor } from './sections.js';
import { sources, type ExportScope } from './sources.repo.js';
import { sweepAccessScratch } from './contact-export.js';
import { writeZip } from './zip-writer.js';

const SYSTEM = { type: 'system' as const, id: null, label: 'data export' };

/** Runs an export gets (each a claim: the first, and one per runner that died on it) before it is failed instead of rerun. */
export const MAX_RUNS = 3;

/** Thrown when another runner took the export over (this one was presumed dead). */
class TakenOver extends Error {}

const README = (scope: ExportScope) => [
  'West Message data export',
  '',
  scope.userId ? 'Your own personal data in this account: profile and memberships, sessions, policy acceptances, and what you created (messages, campaigns, imports, media, API keys, audit entries of your actions).'
    : 'Everything the account holds: the account, members, contacts with custom fields, consent evidence, suppressions, messages, conversations, campaigns and recipients, imports and their errors, numbers, short links and clicks, the media index and the audit log.',
  '',
  'Each <section>.json is an array of items shaped as the REST API (/v1) returns them; <section>.csv holds the same rows for a spreadsheet',
  "(cells starting with = + - @ are prefixed with ' so a spreadsheet does not run them). manifest.json lists the sections and their row counts.",
  '',
].join('\n');

/**
 * The CSV spools of export runs on this process's disk (personal data):
 * DATA_DIR/export-scratch/<account>.<export>.<runner token>. A killed runner never removes its
 * folder, so every run and the hourly expiry sweep the folders whose runner no longer holds its export.
 */
const scratchRoot = (ctx: Ctx) => join(ctx.config.dataDir, 'export-scratch');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function sweepScratch(ctx: Ctx): Promise<void> {
  let names: string[];
  try {
    names = await readdir(scratchRoot(ctx));
  } catch {
    return; // no folder: nothing was ever spooled here
  }
  for (const name of names) {
    const [accountId, exportId, token] = name.split('.');
    const e = UUID.test(accountId ?? '') && UUID.test(exportId ?? '') ? await repo.findExport(ctx.db, accountId!, exportId!) : null;
    if (e?.status === 'running' && e.runnerToken === token) continue; // a live runner's (here or a moment ago)
    await rm(join(scratchRoot(ctx), name), { recursive: true, force: true });
  }
}

/** What the export asks of other modules, wired by the job registry: the account's export lifetime (retention rules; null: EXPORT_TTL_DAYS). */
export interface ExportPorts { exportDays?: (accountId: string) => Promise<number | null> }

/**
 * Builds an export's ZIP into the database (`export_chunks`) as it is produced, while the export
 * is `running` under this runner's token; only `complete` (same token) makes it downloadable, so
 * a dead runner leaves chunks of no finished export: its successor deletes them and starts over,
 * and a failure deletes them. A superseded runner stores nothing more (insertChunk checks the token).
 */
export async function runExport(ctx: Ctx, { accountId, exportId }: ExportJob, ports: ExportPorts = {}): Promise<void> {
  const token = randomUUID();
  const e = await repo.claim(ctx.db, accountId, exportId, token, ctx.config.jobStaleAfterMs);
  if (!e) return; // finished, or another runner is alive
  const scope: ExportScope = { accountId, userId: e.scope === 'me' ? e.requestedBy : null };
  try {
    // Runners that died on it each time (a worker killed by this export): fail it rather than let the watchdog rerun it for ever (the person can ask again).
    if (e.attempts > MAX_RUNS) throw new ExportStopped(`The export stopped ${MAX_RUNS} times without finishing; ask for it again, or contact support if it keeps failing.`);
    await repo.deleteChunks(ctx.db, accountId, exportId); // what a dead runner wrote
    await sweepScratch(ctx); // and what dead runners spooled on this disk
    ensurePrivateDir(scratchRoot(ctx));
    if (e.scope === 'me' && !e.requestedBy) throw new Error('The person who asked for this export no longer exists.');
    const sections = sectionsFor(scope);
    let total = 0;
    for (const s of sections) total += await s.count(ctx.db, scope);
    let done = 0;
    let shown = 0;
    let beat = Date.now();
    const onRows = async (n: number) => {
      done += n;
      const progress = total ? Math.min(99, Math.floor((done * 100) / total)) : 0;
      if (progress === shown && Date.now() - beat < 2000) return;
      if (!(await repo.advance(ctx.db, accountId, exportId, token, progress))) throw new TakenOver();
      crashPoint(ctx.config.testCrashAt, 'export.page'); // crash tests: die with part of the ZIP stored
      shown = progress;
      beat = Date.now();
    };
    const generatedAt = ctx.now().toISOString();
    const { size, counts } = await writeZip({
      db: ctx.db, scope, sections, pageSize: 2000, onRows, scratch: join(scratchRoot(ctx), `${accountId}.${exportId}.${token}`),
      trailer: [
        { name: 'README.txt', text: () => README(scope) },
        { name: 'manifest.json', text: (c) => JSON.stringify({ export: toPublicId('dataExport', exportId), scope: e.scope, account: toPublicId('account', accountId), generatedAt, sections: c }, null, 2) },
      ],
    }, async (seq, data) => {
      if (!(await repo.insertChunk(ctx.db, accountId, exportId, token, seq, data))) throw new TakenOver();
    });
    await finish(ctx, e, token, size, counts, (await ports.exportDays?.(accountId)) ?? ctx.config.exportTtlDays);
  } catch (err) {
    if (err instanceof TakenOver) return; // the chunks are the successor's (or an erasure's) to clear
    const failed = await withTx(ctx.db, async (tx) => {
      if (!(await repo.fail(tx, accountId, exportId, token, exportFailure(err)))) return false; // superseded meanwhile
      await repo.deleteChunks(tx, accountId, exportId);
      return true;
    });
    if (failed) await recordAuditAlone(ctx.db, { accountId, actor: SYSTEM, action: 'export.failed', target: { type: 'export', id: exportId }, details: { scope: e.scope } });
  }
}

/** An export that stopped for a reason told in our words (the others are not shown as they are: exportFailure). */
export class ExportStopped extends Error {}

/**
 * What a failed export says to the person who asked for it: our words, never a database's or the file system's own
 * (a path, a table, a value); the SQLSTATE, when there is one, as a reference for support.
 */
export function exportFailure(err: unknown): string {
  if (err instanceof ExportStopped) return err.message.slice(0, 500);
  const code = sqlStateOf(err);
  return `The export stopped on an error on our side; ask for a new one${code ? ` (reference: database error ${code})` : ''}.`;
}

async function finish(ctx: Ctx, e: repo.ExportRow, token: string, size: number, counts: Record<string, number>, days: number) {
  const expiresAt = new Date(ctx.now().getTime() + days * 86_400_000);
  const [who] = e.requestedBy ? await sources.members.page(ctx.db, { accountId: e.accountId, userId: e.requestedBy }, null, 1) : [];
  await withTx(ctx.db, async (tx) => {
    const done = await repo.complete(tx, e.accountId, e.id, token, size, expiresAt);
    if (!done) return;
    await recordAudit(tx, { accountId: e.accountId, actor: SYSTEM, action: 'export.completed', target: { type: 'export', id: e.id }, details: { scope: e.scope, size, rows: counts } });
    if (who) {
      await queueEmail(ctx, tx, {
        accountId: e.accountId, to: who.email, subject: 'Your data export is ready',
        text: [
          `Hello ${who.name},`, '',
          `The ${e.scope === 'account' ? 'account' : 'personal data'} export you asked for is ready. Download it while signed in to West Message:`, '',
          `${ctx.config.publicUrl}${downloadPath(ctx, done)}`, '',
          `The link works until ${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, only for you. You also find it under Settings → Data export.`,
        ].join('\n'),
      });
    }
  });
}

/** Re-queues exports whose runner died (process killed, machine lost) or that were never picked up. */
export async function resumeStaleExports(ctx: Ctx, staleMs = ctx.config.jobStaleAfterMs): Promise<number> {
  const stale = await repo.staleExports(ctx.db, staleMs);
  for (const s of stale) await ctx.jobs.send(EXPORT_JOB, { accountId: s.accountId, exportId: s.id } satisfies ExportJob);
  return stale.length;
}

/** Deletes the stored ZIPs of expired exports (and any chunks of failed ones) and marks them expired. */
export async function expireExports(ctx: Ctx): Promise<number> {
  // ZIPs of versions before migration 0073 lay in DATA_DIR/exports (this process's disk): nothing serves them and erasure
  // no longer looks there, so the folder goes (the migration marked those exports expired).
  await rm(join(ctx.config.dataDir, 'exports'), { recursive: true, force: true });
  await sweepScratch(ctx);
  await sweepAccessScratch(ctx); // access downloads whose process died (single-host installs: the api's disk)
  const due = await repo.dueForCleanup(ctx.db, ctx.now());
  for (const d of due) {
    await withTx(ctx.db, async (tx) => {
      await repo.markExpired(tx, d.accountId, d.id);
      await repo.deleteChunks(tx, d.accountId, d.id);
    });
  }
  return due.length;
}
