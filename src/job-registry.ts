import type { Ctx } from './context.js';
import { PASSWORD_RESET_JOB, sendPasswordReset } from './modules/accounts/auth.service.js';
import { purgeDeadSessions } from './modules/accounts/sessions.service.js';
import { activePeoplePage } from './modules/accounts/people.service.js';
import { policyJobs } from './modules/policies/policies.service.js';
import { purgeStaleConfirmations } from './modules/accounts/signup.service.js';
import { emailJobs, purgeEmailLog } from './modules/email/email.service.js';
import { IMPORT_JOB, resumeStaleImports, runImport, type ImportJob } from './modules/imports/import-runner.js';
import { sweepAbandonedUploads } from './modules/imports/imports.service.js';
import { FANOUT_JOB, resumeStaleFanouts, runFanout, type FanoutJob } from './modules/campaigns/fanout.js';
import { GUARDRAILS_JOB, checkGuardrails } from './modules/campaigns/guardrails.service.js';
import { AB_WINNERS_JOB, pickDueWinners } from './modules/campaigns/ab-pick.service.js';
import { CAMPAIGN_STATES_JOB, advanceCampaigns } from './modules/campaigns/campaigns.service.js';
import { purgeGrowth } from './modules/growth/optins.service.js';
import { ACCOUNT_DELETIONS_JOB, runAccountDeletions } from './modules/privacy/account-deletion.service.js';
import { sealAllReads } from './modules/audit/audit.service.js';
import { RETENTION_JOB, runRetention } from './modules/retention/retention.service.js';
import { DISCLOSURE_NOTICE_JOB, sendDueNotices } from './modules/disclosures/disclosures.service.js';
import { TRANSFER_NOTIFY_JOB, notifyTransferPage } from './modules/disclosures/transfers.service.js';
import { REMINDERS_JOB, purgeCodes, remindDueRequests } from './modules/data-requests/reminders.service.js';
import { EXPORT_JOB, type ExportJob } from './modules/exports/exports.service.js';
import { expireExports, resumeStaleExports, runExport } from './modules/exports/export-runner.js';
import { retentionOf } from './modules/retention/retention.service.js';
import { purgeDeliveryLog } from './modules/webhooks/erasure.service.js';
import { purgeInboundLog } from './modules/twilio-compat/inbound-log.service.js';
import { REASSIGN_JOB, reassignOverdue } from './modules/conversations/assignment.service.js';
import { SNOOZE_WAKE_JOB, wakeDueSnoozes } from './modules/conversations/inbox-live.service.js';
import { SLA_SWEEP_JOB, slaAlertSink } from './modules/conversations/sla-alerts.service.js';
import { sweepSla } from './modules/conversations/sla-timers.service.js';
import { CSAT_SEND_JOB, type CsatSendJob } from './modules/conversations/csat.service.js';
import { sendCsatSurvey } from './modules/messaging/csat-send.js';
import { ANALYTICS_ROLLUP_JOB, rollupAll } from './modules/analytics/rollup.service.js';
import { ISSUE_STATEMENTS_JOB, issueClosedStatements } from './modules/billing/billing.service.js';
import { NUMBER_MONTHS_JOB, meterNumberMonths } from './modules/billing/metering.service.js';
import { purgeCarrierLeftovers } from './modules/messaging/housekeeping.service.js';
import { NUMBER_RELEASE_JOB, releaseAtCarrier, type NumberReleaseJob } from './modules/messaging/numbers.service.js';
import { RISK_SIGNALS_JOB, runRiskSignals } from './modules/trust-safety/trust-safety.service.js';
import type { JobDefinition } from './jobs/jobs.js';

/** Every background job of the product, by module. */
export function jobDefinitions(ctx: Ctx): JobDefinition<never>[] {
  return [
    ...emailJobs(ctx),
    // Policy updates: every person of every active account is mailed, a page per job run.
    ...policyJobs(ctx, activePeoplePage),
    { name: PASSWORD_RESET_JOB, handler: (input: { email: string; ip: string | null; userAgent: string | null }) => sendPasswordReset(ctx, input), retryLimit: 3 },
    { name: 'sessions.purge', cron: '17 3 * * *', handler: async () => void (await purgeDeadSessions(ctx)) },
    { name: 'accounts.confirmations_purge', cron: '27 3 * * *', handler: async () => void (await purgeStaleConfirmations(ctx)) },
    { name: 'growth.purge', cron: '37 3 * * *', handler: async () => void (await purgeGrowth(ctx)) },
    // Account deletions: reminders (7 days, 1 day before), the hard erasure of due accounts, leftover files, expired kept evidence.
    { name: ACCOUNT_DELETIONS_JOB, cron: '41 * * * *', handler: async () => void (await runAccountDeletions(ctx)), retryLimit: 2 },
    // Imports run for minutes: expiry is long, and a watchdog takes over imports whose runner died.
    { name: IMPORT_JOB, handler: (job: ImportJob) => runImport(ctx, job), retryLimit: 3, expireInSeconds: 6 * 3600 },
    { name: 'imports.watchdog', cron: '* * * * *', handler: async () => void (await resumeStaleImports(ctx)) },
    // Uploads no import uses (previews never imported, broken-off requests) go after UPLOAD_ABANDON_HOURS.
    { name: 'imports.sweep_uploads', cron: '29 * * * *', handler: async () => void (await sweepAbandonedUploads(ctx)), retryLimit: 2 },
    // Campaign fan-out resumes from its checkpoint; a watchdog re-enqueues fan-outs whose worker died.
    { name: FANOUT_JOB, handler: (job: FanoutJob) => runFanout(ctx, job), retryLimit: 5, expireInSeconds: 6 * 3600 },
    { name: 'campaigns.watchdog', cron: '* * * * *', handler: async () => void (await resumeStaleFanouts(ctx)) },
    // Guardrails: every running campaign's rates within its window, set-based; one over its threshold pauses itself.
    { name: GUARDRAILS_JOB, cron: '* * * * *', handler: async () => void (await checkGuardrails(ctx)), retryLimit: 0 },
    // Campaign states without a reader: scheduled → running at its time, running → completed (with its webhook event) when every text is final.
    { name: CAMPAIGN_STATES_JOB, cron: '* * * * *', handler: async () => void (await advanceCampaigns(ctx)), retryLimit: 0 },
    // A/B tests: the winner of each test whose sample has had its hours (pickAfterHours), by its metric.
    { name: AB_WINNERS_JOB, cron: '* * * * *', handler: async () => void (await pickDueWinners(ctx)), retryLimit: 0 },
    // Reads of personal data join each account's audit chain in batches (one head lock per batch, not per read).
    // Retention: each account's rules (message bodies, uploaded files, inactive contacts) in bounded batches.
    { name: RETENTION_JOB, cron: '47 2 * * *', handler: async () => void (await runRetention(ctx)), retryLimit: 2, expireInSeconds: 6 * 3600 },
    // Legal requests: owners are told once a non-disclosure order has ended (the day after its end date).
    { name: DISCLOSURE_NOTICE_JOB, cron: '13 9 * * *', handler: async () => void (await sendDueNotices(ctx)), retryLimit: 2 },
    // A transfer of the platform: every person is mailed, a page per job run.
    { name: TRANSFER_NOTIFY_JOB, handler: (job: { transferId: string; afterUserId: string | null }) => notifyTransferPage(ctx, activePeoplePage, job), retryLimit: 5 },
    { name: 'audit.seal_reads', cron: '* * * * *', handler: async () => void (await sealAllReads(ctx.db)), retryLimit: 0 },
    // Privacy requests: reminders to owners/admins a week and a day before the due date and when overdue; spent codes purged.
    { name: REMINDERS_JOB, cron: '7 8 * * *', handler: async () => void (await remindDueRequests(ctx)), retryLimit: 2 },
    { name: 'data-requests.purge_codes', cron: '57 3 * * *', handler: async () => void (await purgeCodes(ctx)) },
    // Data exports: a ZIP written from keyset pages; a dead runner's export is rerun from scratch (watchdog); files deleted on expiry.
    { name: EXPORT_JOB, handler: (job: ExportJob) => runExport(ctx, job, { exportDays: async (accountId) => (await retentionOf(ctx.db, accountId)).exportDays }), retryLimit: 3, expireInSeconds: 6 * 3600 },
    { name: 'exports.watchdog', cron: '* * * * *', handler: async () => void (await resumeStaleExports(ctx)) },
    { name: 'exports.expire', cron: '7 * * * *', handler: async () => void (await expireExports(ctx)) },
    // Snoozed conversations whose time has come open again (with a conversation.updated event), checked every minute.
    { name: SNOOZE_WAKE_JOB, cron: '* * * * *', handler: async () => void (await wakeDueSnoozes(ctx)), retryLimit: 0 },
    // Inbox: conversations whose assignee has not answered within the account's minutes go to the next agent (round-robin).
    { name: REASSIGN_JOB, cron: '* * * * *', handler: async () => void (await reassignOverdue(ctx)), retryLimit: 0 },
    // Webhooks: the delivery log is kept 30 days.
    { name: 'webhooks.purge_log', cron: '23 4 * * *', handler: async () => void (await purgeDeliveryLog(ctx)), retryLimit: 2 },
    // The outgoing email log: a mail goes EMAIL_LOG_DAYS (30) after it was sent; never-sent mail as long after it was queued.
    { name: 'email.purge_log', cron: '19 4 * * *', handler: async () => void (await purgeEmailLog(ctx)), retryLimit: 2 },
    // Parked receipts nobody will match, multipart carrier ids past any receipt, journal rows of settled texts (CARRIER_LEFTOVERS_DAYS).
    { name: 'messaging.purge_carrier_leftovers', cron: '33 4 * * *', handler: async () => void (await purgeCarrierLeftovers(ctx)), retryLimit: 2 },
    { name: 'twilio.purge_inbound_log', cron: '29 4 * * *', handler: async () => void (await purgeInboundLog(ctx)), retryLimit: 2 },
    // SLA: running targets follow team/policy changes, are warned (the assignee's notification) and breached, every minute.
    { name: SLA_SWEEP_JOB, cron: '* * * * *', handler: async () => void (await sweepSla(ctx, slaAlertSink)), retryLimit: 0 },
    // CSAT: the survey of a conversation just closed, texted through the send path's checks (queued in the close's transaction).
    { name: CSAT_SEND_JOB, handler: async (job: CsatSendJob) => void (await sendCsatSurvey(ctx, job)), retryLimit: 5 },
    // Numbers: one bought through West Message goes back to its carrier after its release (retried while the carrier cannot answer).
    { name: NUMBER_RELEASE_JOB, handler: async (job: NumberReleaseJob) => void (await releaseAtCarrier(ctx, job)), retryLimit: 8 },
    // Billing: every number held this month is metered once (keyed account, number, month); daily, so a number bought mid-month counts.
    { name: NUMBER_MONTHS_JOB, cron: '11 0 * * *', handler: async () => void (await meterNumberMonths(ctx)), retryLimit: 2 },
    // Billing: month close — last month's statements are issued (stored, never recomputed) on the 1st and 2nd; any left are issued at first view.
    { name: ISSUE_STATEMENTS_JOB, cron: '21 1 1,2 * *', handler: async () => void (await issueClosedStatements(ctx)), retryLimit: 3 },
    // Analytics: outbox events into the daily rollups (the consumer's first runs are the backfill), every minute.
    { name: ANALYTICS_ROLLUP_JOB, cron: '* * * * *', handler: async () => void (await rollupAll(ctx)), retryLimit: 0, expireInSeconds: 3600 },
    // Trust & safety: every active account's risk signals over the recent window (indexed, per account); crossings enter the review queue.
    { name: RISK_SIGNALS_JOB, cron: '*/10 * * * *', handler: async () => void (await runRiskSignals(ctx)), retryLimit: 0 },
  ] as JobDefinition<never>[];
}
