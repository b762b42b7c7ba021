import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import type { RequestMeta } from '../../lib/actor.js';
import { unprocessable } from '../../lib/errors.js';
import { analysePhone } from '../../lib/phone.js';
import { recordAudit } from '../audit/audit.service.js';
import { accountHoursProblem, ruleFor, sendWindowAt, type AccountHours } from '../consent/send-window.js';
import { contactTimeZone } from '../contacts/contacts.service.js';
import { nanpInfo } from '../contacts/area-codes.js';
import { isValidZone, resolveTimeZone } from '../contacts/time-zone.js';
import * as repo from './compliance.repo.js';
import type { ComplianceSettings, SenderIdMode } from './compliance.schema.js';

const DEFAULTS: ComplianceSettings = { sendHours: null, senderId: 'first_message' };

const present = (r: repo.ComplianceRow | null): ComplianceSettings => r
  ? { sendHours: r.sendHoursStart && r.sendHoursEnd ? { start: r.sendHoursStart, end: r.sendHoursEnd } : null, senderId: r.senderId as SenderIdMode }
  : DEFAULTS;

/** The account's compliance rules (defaults when it set none). */
export async function complianceSettingsOf(db: Db, accountId: string): Promise<ComplianceSettings> {
  return present(await repo.findSettings(db, accountId));
}

export async function updateComplianceSettings(ctx: Ctx, auth: AuthContext, patch: Partial<ComplianceSettings>, meta: RequestMeta): Promise<ComplianceSettings> {
  if (patch.sendHours) {
    const problem = accountHoursProblem(patch.sendHours);
    if (problem) throw unprocessable('invalid_send_hours', problem, { field: 'sendHours' });
  }
  return withTx(ctx.db, async (tx) => {
    const before = present(await repo.findSettings(tx, auth.accountId));
    const next: ComplianceSettings = { sendHours: patch.sendHours === undefined ? before.sendHours : patch.sendHours, senderId: patch.senderId ?? before.senderId };
    const row = await repo.upsertSettings(tx, { accountId: auth.accountId, sendHoursStart: next.sendHours?.start ?? null, sendHoursEnd: next.sendHours?.end ?? null, senderId: next.senderId });
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'compliance.settings_updated', target: { type: 'account', id: auth.accountId }, meta, details: { from: before, to: next } });
    return present(row);
  });
}

export interface SendWindowQuery { to: string; at: string; timeZone?: string }

/** POST /v1/compliance/send-window: may a marketing text go to `to` at `at`, and if not, when. */
export async function sendWindowFor(ctx: Ctx, auth: AuthContext, q: SendWindowQuery) {
  const phone = analysePhone(q.to, auth.account.defaultCountry);
  if ('problem' in phone) throw unprocessable('invalid_phone', 'The "to" number is not a valid phone number.', { field: 'to', reason: phone.problem });
  if (q.timeZone !== undefined && !isValidZone(q.timeZone)) throw unprocessable('invalid_time_zone', `Unknown time zone "${q.timeZone.slice(0, 64)}": use an IANA name such as America/Chicago.`, { field: 'timeZone' });
  const at = new Date(q.at);
  const [contactZone, settings] = await Promise.all([q.timeZone ? null : contactTimeZone(ctx, auth.accountId, phone.e164), complianceSettingsOf(ctx.db, auth.accountId)]);
  const resolved = q.timeZone ? { zone: q.timeZone, source: 'request' as const }
    : contactZone ? { zone: contactZone, source: 'contact' as const }
    : resolveTimeZone({ e164: phone.e164, country: phone.country, accountZone: auth.account.timeZone });
  const region = nanpInfo(phone.e164)?.region ?? null;
  const answer = sendWindowAt(at, resolved.zone, region, settings.sendHours as AccountHours | null);
  return {
    allowed: answer.allowed, at: at.toISOString(), nextAllowedAt: answer.nextAllowedAt.toISOString(),
    timeZone: resolved.zone, timeZoneSource: resolved.source === 'explicit' ? 'contact' as const : resolved.source, region, rule: answer.rule, maxPer24h: ruleFor(region).maxPer24h,
  };
}
