import { sql } from 'drizzle-orm';
import { boolean, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { conversations } from './messaging.js';
import { teams } from './inbox.js';
import { stamp, ts } from './columns.js';

/**
 * SLA policies of an account's inbox: the default one (team_id null, at most one) and at most
 * one per team. Targets in minutes (null: no such target), counted in business time unless
 * business_hours is false.
 */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    title: text('title').notNull(),
    teamId: uuid('team_id'),
    firstResponseMinutes: integer('first_response_minutes'),
    nextResponseMinutes: integer('next_response_minutes'),
    resolutionMinutes: integer('resolution_minutes'),
    businessHours: boolean('business_hours').notNull().default(true),
    /** The assignee is warned when this share of a target's time has passed. */
    warnPercent: smallint('warn_percent').notNull().default(80),
    createdAt: stamp('created_at'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'sla_policies_team_fk', columns: [t.accountId, t.teamId], foreignColumns: [teams.accountId, teams.id] }).onDelete('cascade'),
    uniqueIndex('sla_policies_default_uq').on(t.accountId).where(sql`team_id is null`),
    uniqueIndex('sla_policies_team_uq').on(t.accountId, t.teamId).where(sql`team_id is not null`),
  ],
);

/** The account's business hours: a weekly schedule in a time zone (null: the account's). */
export const slaSettings = pgTable('sla_settings', {
  accountId: uuid('account_id').primaryKey().references(() => accounts.id),
  timeZone: text('time_zone'),
  hours: jsonb('hours').$type<Array<{ day: number; start: string; end: string }>>().notNull().default(sql`'[]'::jsonb`),
  updatedAt: stamp('updated_at'),
});

/** Days the business is closed (local dates of the business-hours zone). */
export const slaHolidays = pgTable(
  'sla_holidays',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    date: date('date', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
    createdAt: stamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] }), uniqueIndex('sla_holidays_date_uq').on(t.accountId, t.date)],
);

/**
 * One SLA target of a conversation: first_response, next_response or resolution. Started by the
 * customer's text (resolution: the conversation's first one), met by the agent's reply or the
 * close; active ones are warned (warn_at) and breached (due_at) by the sweep; a close stops them.
 * assignee/team are those of the conversation when the target was decided (for the report).
 */
export const slaTargets = pgTable(
  'sla_targets',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    conversationId: uuid('conversation_id').notNull(),
    kind: text('kind').notNull(),
    policyId: uuid('policy_id'),
    startedAt: ts('started_at').notNull(),
    dueAt: ts('due_at'),
    warnAt: ts('warn_at'),
    /** active | met | breached | stopped */
    status: text('status').notNull().default('active'),
    metAt: ts('met_at'),
    /** The partner account whose agent met the target (null: met by a member or by the close). */
    metByPartnerId: uuid('met_by_partner_id'),
    breachedAt: ts('breached_at'),
    warnedAt: ts('warned_at'),
    assigneeUserId: uuid('assignee_user_id'),
    teamId: uuid('team_id'),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'sla_targets_conversation_fk', columns: [t.accountId, t.conversationId], foreignColumns: [conversations.accountId, conversations.id] }).onDelete('cascade'),
    index('sla_targets_conversation_idx').on(t.accountId, t.conversationId),
    index('sla_targets_due_idx').on(t.dueAt).where(sql`status = 'active'`),
    index('sla_targets_warn_idx').on(t.warnAt).where(sql`status = 'active' and warned_at is null`),
    index('sla_targets_started_idx').on(t.accountId, t.startedAt),
  ],
);

/** CSAT: whether a one-question survey is texted after a close, its question, and how long a reply counts. */
export const csatSettings = pgTable('csat_settings', {
  accountId: uuid('account_id').primaryKey().references(() => accounts.id),
  enabled: boolean('enabled').notNull().default(false),
  question: text('question').notNull(),
  replyHours: integer('reply_hours').notNull().default(24),
  updatedAt: stamp('updated_at'),
});

/** The CSAT survey of a closed conversation (at most one): due → sent → answered | expired, or skipped. */
export const csatSurveys = pgTable(
  'csat_surveys',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    conversationId: uuid('conversation_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    numberId: uuid('number_id').notNull(),
    status: text('status').notNull().default('due'),
    messageId: uuid('message_id'),
    sentAt: ts('sent_at'),
    expiresAt: ts('expires_at'),
    score: smallint('score'),
    answeredAt: ts('answered_at'),
    skipReason: text('skip_reason'),
    assigneeUserId: uuid('assignee_user_id'),
    teamId: uuid('team_id'),
    createdAt: stamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    foreignKey({ name: 'csat_surveys_conversation_fk', columns: [t.accountId, t.conversationId], foreignColumns: [conversations.accountId, conversations.id] }).onDelete('cascade'),
    uniqueIndex('csat_surveys_conversation_uq').on(t.accountId, t.conversationId),
    index('csat_surveys_awaiting_idx').on(t.accountId, t.contactId, t.numberId).where(sql`status = 'sent'`),
    index('csat_surveys_created_idx').on(t.accountId, t.createdAt),
  ],
);
