import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import type { JobDefinition } from '../../jobs/jobs.js';
import { recordAudit, recordPlatformAudit, type RequestMeta } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import * as repo from './policies.repo.js';

export const POLICY_KINDS = ['terms', 'privacy'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];
export const POLICY_TITLES: Record<PolicyKind, string> = { terms: 'Terms of Service', privacy: 'Privacy Policy' };

/** The exact words a business affirms at sign-up; stored verbatim with each attestation. */
export const CONSENT_ATTESTATION_TEXT =
  "I have obtained my customers' consent to receive text messages from my business.";

export type PolicyDocument = repo.PolicyDocumentRow;

export async function currentPolicy(db: Db, kind: PolicyKind): Promise<PolicyDocument> {
  const [doc] = await repo.listDocuments(db, kind);
  if (!doc) throw notFound(`Policy document ${kind}`);
  return doc;
}

export async function currentPolicies(db: Db) {
  const [terms, privacy] = await Promise.all([currentPolicy(db, 'terms'), currentPolicy(db, 'privacy')]);
  return { terms, privacy };
}

export const policyUrl = (d: Pick<PolicyDocument, 'kind' | 'version'>, current: boolean) =>
  current ? `/legal/${d.kind}` : `/legal/${d.kind}/${encodeURIComponent(d.version)}`;

export const presentPolicyRef = (d: PolicyDocument) => ({
  version: d.version,
  lastUpdated: d.lastUpdated,
  url: `/legal/${d.kind}`,
});

/** A version's place in the history: the public pages link every earlier version. */
export const presentVersion = (d: PolicyDocument, current: boolean) => ({
  version: d.version, lastUpdated: d.lastUpdated, material: d.material, publishedAt: d.publishedAt.toISOString(), url: policyUrl(d, current),
});

/** One version of a document (the current one without `version`) and the whole history of its kind. */
export async function policyWithHistory(db: Db, kind: PolicyKind, version?: string) {
  const all = await repo.listDocuments(db, kind);
  if (all.length === 0) throw notFound(`Policy document ${kind}`);
  const doc = version === undefined ? all[0] : all.find((d) => d.version === version);
  if (!doc) throw notFound('Policy version');
  return { doc, current: doc.id === all[0].id, history: all.map((d, i) => presentVersion(d, i === 0)) };
}

export async function listAllVersions(db: Db) {
  const all = await repo.listDocuments(db);
  const newest = new Map<string, string>();
  for (const d of all) if (!newest.has(d.kind)) newest.set(d.kind, d.id);
  return all.map((d) => ({ ...d, current: newest.get(d.kind) === d.id }));
}

export interface PublishInput {
  kind: PolicyKind;
  version?: string;
  title?: string;
  body: string;
  lastUpdated: string;
  material: boolean;
}

export const POLICY_NOTIFY_JOB = 'policies.notify';
/** People mailed per run of the notification job (one transaction each; the next page is queued in it). */
export const NOTIFY_BATCH = 500;

/**
 * The operator publishes a new version: it becomes current at once, every user is mailed (a
 * job, in batches) and sees a banner; a material version asks every user to accept it again at
 * their next sign-in. Audited in the platform chain.
 */
export async function publishPolicy(ctx: Ctx, input: PublishInput, meta: RequestMeta): Promise<PolicyDocument> {
  const version = input.version ?? input.lastUpdated;
  try {
    return await withTx(ctx.db, async (tx) => {
      const doc = await repo.insertDocument(tx, {
        id: newUuid(), kind: input.kind, version, title: input.title ?? POLICY_TITLES[input.kind], body: input.body,
        lastUpdated: input.lastUpdated, material: input.material, publishedAt: ctx.now(),
      });
      await recordPlatformAudit(tx, {
        actor: { type: 'operator', id: null, label: 'operator' }, action: 'policy.published', target: { type: 'policy_document', id: doc.id }, meta,
        details: { kind: doc.kind, version: doc.version, lastUpdated: doc.lastUpdated, material: doc.material },
      });
      await ctx.jobs.send(POLICY_NOTIFY_JOB, { documentId: doc.id, afterUserId: null }, tx);
      return doc;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'policy_documents_kind_version_uq')) {
      throw conflict('version_exists', `A ${POLICY_TITLES[input.kind]} version "${version}" already exists: give the new one another version.`, { field: 'version' });
    }
    throw err;
  }
}

/** A person to mail (the people directory belongs to the accounts module: handed in by the job registry). */
export interface Recipient { id: string; email: string; name: string; createdAt: Date }
export type RecipientsPage = (db: Db, afterUserId: string | null, limit: number) => Promise<Recipient[]>;

function noticeMail(ctx: Ctx, doc: PolicyDocument, to: Recipient) {
  const what = POLICY_TITLES[doc.kind as PolicyKind] ?? doc.title;
  const action = doc.material
    ? `This is a material change: West Message will ask you to review and accept it the next time you sign in.`
    : `You don't need to do anything: the new version applies from its date.`;
  return {
    accountId: null, to: to.email,
    subject: `We updated our ${what} (last updated ${doc.lastUpdated})`,
    text: `Hello ${to.name},\n\nWe published a new version of the West Message ${what}, last updated ${doc.lastUpdated}.\n\n${action}\n\nRead it here: ${ctx.config.publicUrl}/legal/${doc.kind}\nEarlier versions are listed on the same page.\n`,
  };
}

/**
 * The notification job: mails one page of people after `afterUserId`, and in the same
 * transaction queues the job for the next page — a retry repeats a whole page or nothing, so
 * nobody is mailed twice.
 */
export async function notifyPolicyBatch(ctx: Ctx, people: RecipientsPage, job: { documentId: string; afterUserId: string | null }, batch = NOTIFY_BATCH) {
  const doc = await repo.findDocumentById(ctx.db, job.documentId);
  if (!doc) return;
  const page = await people(ctx.db, job.afterUserId, batch);
  if (page.length === 0) return;
  await withTx(ctx.db, async (tx) => {
    // Who signed up after the version was published read it then: no mail.
    for (const person of page) if (person.createdAt < doc.publishedAt) await queueEmail(ctx, tx, noticeMail(ctx, doc, person));
    if (page.length === batch) await ctx.jobs.send(POLICY_NOTIFY_JOB, { documentId: doc.id, afterUserId: page[page.length - 1].id }, tx);
  });
}

export const policyJobs = (ctx: Ctx, people: RecipientsPage): JobDefinition<{ documentId: string; afterUserId: string | null }>[] => [
  { name: POLICY_NOTIFY_JOB, handler: (job) => notifyPolicyBatch(ctx, people, job), retryLimit: 5 },
];

/** The material versions a person still has to accept (none for a person who signed up after them). */
export async function pendingAcceptances(db: Db, person: { id: string; createdAt: Date }) {
  const rows = await repo.unacceptedMaterial(db, person.id, person.createdAt);
  if (rows.length === 0) return [];
  // Accepting means accepting the current version of the kind (it may be newer than the material one).
  const current = await Promise.all(rows.map((r) => currentPolicy(db, r.kind as PolicyKind)));
  return current;
}

/**
 * Whether the caller must accept a policy version before using the web app: only a signed-in
 * person is asked (an API key is never blocked).
 */
export async function policyAcceptanceRequired(db: Db, auth: Pick<AuthContext, 'via' | 'user'>): Promise<boolean> {
  if (auth.via !== 'session' || !auth.user) return false;
  return (await repo.unacceptedMaterial(db, auth.user.id, auth.user.createdAt)).length > 0;
}

/**
 * Records the caller's acceptance of current versions (version, time, IP, user agent), in the
 * account the session acts in; a version that is no longer current is refused (409): the person
 * accepts what the page showed them only if it is still what applies.
 */
export async function acceptPolicies(ctx: Ctx, auth: AuthContext, items: Array<{ kind: PolicyKind; version: string }>, meta: RequestMeta) {
  if (auth.via !== 'session' || !auth.userId) throw badRequest('session_required', 'A policy is accepted by a signed-in person, not an API key.');
  const docs: PolicyDocument[] = [];
  for (const item of items) {
    const current = await currentPolicy(ctx.db, item.kind);
    if (current.version !== item.version) {
      throw new AppError(409, 'policy_not_current', `The ${POLICY_TITLES[item.kind]} version ${item.version} is not the current one (${current.version}): reload and read it again.`, { kind: item.kind, current: current.version });
    }
    docs.push(current);
  }
  const userId = auth.userId;
  await withTx(ctx.db, async (tx) => {
    const already = await repo.acceptedAmong(tx, userId, docs.map((d) => d.id));
    const fresh = docs.filter((d) => !already.has(d.id));
    await repo.insertAcceptances(tx, fresh.map((d) => ({ id: newUuid(), accountId: auth.accountId, userId, documentId: d.id, acceptedAt: ctx.now(), ip: meta.ip, userAgent: meta.userAgent })));
    if (fresh.length) {
      await recordAudit(tx, {
        accountId: auth.accountId, actor: auth.actor, action: 'policy.accepted', target: { type: 'user', id: userId }, meta,
        details: { versions: fresh.map((d) => ({ kind: d.kind, version: d.version })) },
      });
    }
  });
  return docs;
}

/** The person's acceptances (every account), oldest first. */
export async function acceptancesOf(db: Db, userId: string) {
  return repo.listAcceptancesOf(db, userId);
}

/** Versions published in the last NOTICE_DAYS that the person has not accepted: the in-app banner. */
export const NOTICE_DAYS = 30;
export async function recentVersionsFor(db: Db, person: { id: string; createdAt: Date }, now: Date) {
  // Newer than the person's sign-up (they read the current versions then) and than NOTICE_DAYS.
  const since = Math.max(now.getTime() - NOTICE_DAYS * 86_400_000, person.createdAt.getTime());
  const recent: PolicyDocument[] = [];
  for (const kind of POLICY_KINDS) {
    const [latest] = await repo.listDocuments(db, kind);
    if (latest && latest.publishedAt.getTime() > since) recent.push(latest);
  }
  const accepted = await repo.acceptedAmong(db, person.id, recent.map((d) => d.id));
  return recent.filter((d) => !accepted.has(d.id));
}
