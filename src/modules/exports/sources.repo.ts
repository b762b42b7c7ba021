import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import {
  accounts, apiKeys, auditEvents, consentAttestations, invitations, signInEvents, campaignRecipients, campaigns, consentEvents, contacts, conversations, customFields, importErrors, imports,
  linkClicks, links, media, memberships, messages, phoneNumbers, policyAcceptances, sessions, suppressions, uploads, users,
  supportMessages, supportTickets,
  conversationNotes,
} from '../../db/schema/index.js';
import { countWhere, keysetJoinPage, keysetPage } from './exports.repo.js';

/** Whose data: the whole account, or one user's own (userId set). */
export interface ExportScope { accountId: string; userId: string | null }

/** A table read for the ZIP: its size, and its rows in keyset pages (a cursor is the last row's key values). */
export interface Source<R> {
  count(db: Db, s: ExportScope): Promise<number>;
  page(db: Db, s: ExportScope, after: unknown[] | null, limit: number): Promise<R[]>;
  cursor(row: R): unknown[];
}

/** A source over one table: `where` per scope (null: the section is not in that scope's export). */
function tableSource<R>(table: unknown, keys: PgColumn[], cursor: (r: R) => unknown[], where: (s: ExportScope) => SQL | null, select?: Record<string, unknown>): Source<R> & { applies(s: ExportScope): boolean } {
  return {
    applies: (s) => where(s) !== null,
    count: (db, s) => countWhere(db, table, where(s)!),
    page: (db, s, after, limit) => keysetPage<R>(db, table, where(s)!, keys, after, limit, select),
    cursor,
  };
}

const accountOnly = (col: PgColumn) => (s: ExportScope) => (s.userId ? null : eq(col, s.accountId));
const accountOrMine = (col: PgColumn, mine: PgColumn) => (s: ExportScope) => (s.userId ? and(eq(col, s.accountId), eq(mine, s.userId))! : eq(col, s.accountId));
const mineOnly = (col: PgColumn, mine: PgColumn) => (s: ExportScope) => (s.userId ? and(eq(col, s.accountId), eq(mine, s.userId))! : null);

const { passwordHash: _ph, ...personColumns } = getTableColumns(users);
void _ph;
const { bytes: _bytes, ...mediaColumns } = getTableColumns(media);
void _bytes;
const { tokenHash: _th, ...sessionColumns } = getTableColumns(sessions);
void _th;
const { keyHash: _kh, ...apiKeyColumns } = getTableColumns(apiKeys);
void _kh;
const { tokenHash: _ih, ...invitationColumns } = getTableColumns(invitations);
void _ih;

export const sources = {
  account: tableSource<typeof accounts.$inferSelect>(accounts, [accounts.id], (r) => [r.id], (s) => (s.userId ? null : eq(accounts.id, s.accountId))),
  /** Members with their role here (users joined with memberships); a user's own export: just them. */
  members: {
    applies: () => true,
    count: (db: Db, s: ExportScope) => countWhere(db, memberships, memberWhere(s)),
    page: (db: Db, s: ExportScope, after: unknown[] | null, limit: number) =>
      keysetJoinPage<MemberRow>(
        db.select({ ...personColumns, accountId: memberships.accountId, role: memberships.role, scopes: memberships.scopes, expiresAt: memberships.expiresAt })
          .from(memberships).innerJoin(users, eq(users.id, memberships.userId)) as never,
        memberWhere(s), [memberships.userId], after, limit),
    cursor: (r: MemberRow) => [r.id],
  },
  /** The person's memberships in every account (a user's own export). */
  memberships: {
    applies: (s: ExportScope) => s.userId !== null,
    count: (db: Db, s: ExportScope) => countWhere(db, memberships, eq(memberships.userId, s.userId!)),
    page: (db: Db, s: ExportScope, after: unknown[] | null, limit: number) =>
      keysetJoinPage<MembershipOfRow>(
        db.select({ accountId: memberships.accountId, accountName: accounts.name, role: memberships.role, createdAt: memberships.createdAt })
          .from(memberships).innerJoin(accounts, eq(accounts.id, memberships.accountId)) as never,
        eq(memberships.userId, s.userId!), [memberships.accountId], after, limit),
    cursor: (r: MembershipOfRow) => [r.accountId],
  },
  supportInquiries: tableSource<typeof supportTickets.$inferSelect>(supportTickets, [supportTickets.id], (r) => [r.id], accountOrMine(supportTickets.accountId, supportTickets.userId)),
  supportMessages: tableSource<typeof supportMessages.$inferSelect>(supportMessages, [supportMessages.id], (r) => [r.id], accountOrMine(supportMessages.accountId, supportMessages.userId)),
  sessions: tableSource<Omit<typeof sessions.$inferSelect, 'tokenHash'>>(sessions, [sessions.id], (r) => [r.id], (s) => (s.userId ? eq(sessions.userId, s.userId) : null), sessionColumns),
  signIns: tableSource<typeof signInEvents.$inferSelect>(signInEvents, [signInEvents.id], (r) => [r.id], (s) => (s.userId ? eq(signInEvents.userId, s.userId) : null)),
  invitations: tableSource<Omit<typeof invitations.$inferSelect, 'tokenHash'>>(invitations, [invitations.id], (r) => [r.id], accountOrMine(invitations.accountId, invitations.invitedBy), invitationColumns),
  consentAttestations: tableSource<typeof consentAttestations.$inferSelect>(consentAttestations, [consentAttestations.id], (r) => [r.id], accountOrMine(consentAttestations.accountId, consentAttestations.userId)),
  policyAcceptances: tableSource<typeof policyAcceptances.$inferSelect>(policyAcceptances, [policyAcceptances.id], (r) => [r.id], mineOnly(policyAcceptances.accountId, policyAcceptances.userId)),
  apiKeys: tableSource<Omit<typeof apiKeys.$inferSelect, 'keyHash'>>(apiKeys, [apiKeys.id], (r) => [r.id], accountOrMine(apiKeys.accountId, apiKeys.createdBy), apiKeyColumns),
  customFields: tableSource<typeof customFields.$inferSelect>(customFields, [customFields.id], (r) => [r.id], accountOnly(customFields.accountId)),
  contacts: tableSource<typeof contacts.$inferSelect>(contacts, [contacts.id], (r) => [r.id], accountOnly(contacts.accountId)),
  consentEvents: {
    applies: (s: ExportScope) => s.userId === null,
    count: (db: Db, s: ExportScope) => countWhere(db, consentEvents, eq(consentEvents.accountId, s.accountId)),
    page: (db: Db, s: ExportScope, after: unknown[] | null, limit: number) =>
      keysetJoinPage<ConsentRow>(
        db.select({ e: consentEvents, phone: contacts.phone }).from(consentEvents)
          .leftJoin(contacts, and(eq(contacts.accountId, consentEvents.accountId), eq(contacts.id, consentEvents.contactId))) as never,
        eq(consentEvents.accountId, s.accountId), [consentEvents.id], after, limit),
    cursor: (r: ConsentRow) => [r.e.id],
  },
  suppressions: tableSource<typeof suppressions.$inferSelect>(suppressions, [suppressions.phoneHash], (r) => [r.phoneHash], accountOnly(suppressions.accountId)),
  messages: tableSource<typeof messages.$inferSelect>(messages, [messages.id], (r) => [r.id], accountOrMine(messages.accountId, messages.createdBy)),
  conversations: tableSource<typeof conversations.$inferSelect>(conversations, [conversations.id], (r) => [r.id], accountOnly(conversations.accountId)),
  conversationNotes: tableSource<typeof conversationNotes.$inferSelect>(conversationNotes, [conversationNotes.id], (r) => [r.id], accountOnly(conversationNotes.accountId)),
  campaigns: tableSource<typeof campaigns.$inferSelect>(campaigns, [campaigns.id], (r) => [r.id], accountOrMine(campaigns.accountId, campaigns.createdBy)),
  campaignRecipients: tableSource<typeof campaignRecipients.$inferSelect>(
    campaignRecipients, [campaignRecipients.campaignId, campaignRecipients.contactId], (r) => [r.campaignId, r.contactId], accountOnly(campaignRecipients.accountId)),
  imports: {
    applies: () => true,
    count: (db: Db, s: ExportScope) => countWhere(db, imports, accountOrMine(imports.accountId, imports.createdBy)(s)),
    page: (db: Db, s: ExportScope, after: unknown[] | null, limit: number) =>
      keysetJoinPage<ImportJoinRow>(
        db.select({ imp: imports, filename: uploads.filename }).from(imports)
          .innerJoin(uploads, and(eq(uploads.accountId, imports.accountId), eq(uploads.id, imports.uploadId))) as never,
        accountOrMine(imports.accountId, imports.createdBy)(s), [imports.id], after, limit),
    cursor: (r: ImportJoinRow) => [r.imp.id],
  },
  importErrors: tableSource<typeof importErrors.$inferSelect>(
    importErrors, [importErrors.importId, importErrors.rowNumber, importErrors.reason], (r) => [r.importId, r.rowNumber, r.reason], accountOnly(importErrors.accountId)),
  numbers: tableSource<typeof phoneNumbers.$inferSelect>(phoneNumbers, [phoneNumbers.id], (r) => [r.id], accountOnly(phoneNumbers.accountId)),
  links: tableSource<typeof links.$inferSelect>(links, [links.code], (r) => [r.code], accountOnly(links.accountId)),
  linkClicks: tableSource<typeof linkClicks.$inferSelect>(linkClicks, [linkClicks.id], (r) => [r.id], accountOnly(linkClicks.accountId)),
  media: tableSource<Omit<typeof media.$inferSelect, 'bytes'>>(media, [media.id], (r) => [r.id], accountOrMine(media.accountId, media.createdBy), mediaColumns),
  audit: tableSource<typeof auditEvents.$inferSelect>(auditEvents, [auditEvents.seq], (r) => [r.seq], (s) =>
    s.userId ? and(eq(auditEvents.accountId, s.accountId), eq(auditEvents.actorType, 'user'), eq(auditEvents.actorId, s.userId))! : eq(auditEvents.accountId, s.accountId)),
};

export type MembershipOfRow = { accountId: string; accountName: string; role: string; createdAt: Date };
export type ConsentRow = { e: typeof consentEvents.$inferSelect; phone: string | null };
export type ImportJoinRow = { imp: typeof imports.$inferSelect; filename: string };
export type MemberRow = Omit<typeof users.$inferSelect, 'passwordHash'> & { accountId: string; role: string; scopes: string[]; expiresAt: Date | null };

function memberWhere(s: ExportScope): SQL {
  const live = sql`(${memberships.expiresAt} is null or ${memberships.expiresAt} > now())`;
  return s.userId ? and(eq(memberships.accountId, s.accountId), eq(memberships.userId, s.userId), live)! : and(eq(memberships.accountId, s.accountId), live)!;
}

/** One contact's own rows (an end customer's access request): messages and consent history. */
export const contactSources = {
  contact: (contactId: string) => tableSource<typeof contacts.$inferSelect>(contacts, [contacts.id], (r) => [r.id], (s) => and(eq(contacts.accountId, s.accountId), eq(contacts.id, contactId))!),
  messages: (contactId: string) => tableSource<typeof messages.$inferSelect>(messages, [messages.id], (r) => [r.id], (s) => and(eq(messages.accountId, s.accountId), eq(messages.contactId, contactId))!),
  consentEvents: (contactId: string, phoneHash: string) => ({
    applies: () => true,
    count: (db: Db, s: ExportScope) => countWhere(db, consentEvents, consentOf(s, contactId, phoneHash)),
    page: (db: Db, s: ExportScope, after: unknown[] | null, limit: number) =>
      keysetJoinPage<ConsentRow>(
        db.select({ e: consentEvents, phone: contacts.phone }).from(consentEvents)
          .leftJoin(contacts, and(eq(contacts.accountId, consentEvents.accountId), eq(contacts.id, consentEvents.contactId))) as never,
        consentOf(s, contactId, phoneHash), [consentEvents.id], after, limit),
    cursor: (r: ConsentRow) => [r.e.id],
  }),
};

/**
 * The contact's own events, and those kept under the number's keyed hash alone (recorded before a contact existed, or
 * from before an erasure) — the latter only from when this contact was made: a number changes hands, and what an earlier
 * holder agreed to or refused (their contact erased, their events kept by the number's hash) is not this person's data.
 */
const consentOf = (s: ExportScope, contactId: string, phoneHash: string) =>
  and(eq(consentEvents.accountId, s.accountId), sql`(${consentEvents.contactId} = ${contactId} or (${consentEvents.phoneHash} = ${phoneHash} and ${consentEvents.createdAt} >= (
    select ${contacts.createdAt} from ${contacts} where ${contacts.accountId} = ${s.accountId} and ${contacts.id} = ${contactId})))`)!;
