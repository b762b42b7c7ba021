import type { Db } from '../../db/client.js';
import { newUuid } from '../../lib/ids.js';
import type { SlaAlertSink } from './sla-timers.service.js';
import { insertSlaNotification } from './sla-alerts.repo.js';

/** The SLA sweep job, and where its warnings and breaches go besides the outbox: the assignee's notifications (the bell). */
export const SLA_SWEEP_JOB = 'sla.sweep';

const KIND = { 'sla.warning': 'sla_warning', 'sla.breached': 'sla_breached' } as const;

export const slaAlertSink: SlaAlertSink = async (tx: Db, alert, type) => {
  if (!alert.assignee_user_id) return; // unassigned: the breach list shows it
  await insertSlaNotification(tx, { id: newUuid(), accountId: alert.account_id, userId: alert.assignee_user_id, kind: KIND[type], conversationId: alert.conversation_id });
};
