import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import type { OperatorAuth } from '../../http/auth.js';
import { AppError, notFound, unprocessable } from '../../lib/errors.js';
import { newUuid, toPublicId } from '../../lib/ids.js';
import type { RequestMeta } from '../../lib/actor.js';
import { findAccount } from '../accounts/account.service.js';
import { membersOf } from '../accounts/team.service.js';
import { queueEmail } from '../email/email.service.js';
import { recordOperatorAudit } from '../operators/operator-audit.service.js';
import { liftHold, placeHold } from '../trust-safety/holds.service.js';
import * as repo from './billing.repo.js';
import { PAYMENT_PROVIDERS } from './payment-providers.js';
import { formatMicros } from './pricing.js';

/**
 * Prepaid credits. An account is prepaid when an operator switched it so, or — without its own
 * setting — when BILLING_MODE=prepaid (default `off`: self-hosters meter and price usage but hold
 * nothing). A prepaid account's usage is debited with its metering (same transaction); when the
 * balance reaches zero a 'credits' sending hold is placed (its queued messages wait, nothing is
 * dropped; keyword replies still go) and a top-up that brings it above zero lifts it (they go out,
 * each once). The dispatcher hands a batch over only as far as the balance covers at the account's
 * prices, plus the one text that crosses zero (messaging hand-over-gate.ts), less what its other
 * hand-overs reserved for texts not recorded yet (metering.service.ts `creditsAtHandOver`), so batches
 * handed over at the same time (the account's other numbers, other workers) overdraw by less than one
 * text together. The next top-up covers an overdraw first.
 */
export function isPrepaid(ctx: Ctx, b: { prepaid: boolean | null } | null): boolean {
  return b?.prepaid ?? ctx.config.billingMode === 'prepaid';
}

const thresholdOf = (ctx: Ctx, b: repo.BillingRow) => b.low_balance_micros ?? ctx.config.billingLowBalanceMicros;
const money = (ctx: Ctx, micros: number) => `${formatMicros(micros, 2)} ${ctx.config.billingCurrency}`;

/** Debits metered usage from a prepaid account (in the metering transaction): low-balance email once per crossing, the hold at zero. */
export async function afterDebit(ctx: Ctx, tx: Db, accountId: string, amountMicros: number, description: string): Promise<void> {
  const r = await repo.applyEntry(tx, { id: newUuid(), accountId, kind: 'usage', amountMicros: -amountMicros, currency: ctx.config.billingCurrency, description });
  if (!r) return;
  if (r.after < thresholdOf(ctx, r.row) && !r.row.low_notified_at) {
    await repo.setLowNotified(tx, accountId, ctx.now());
    await mailOwners(ctx, tx, accountId, 'Your West Message credit balance is low',
      `Your prepaid credit balance is ${money(ctx, r.after)}, below ${money(ctx, thresholdOf(ctx, r.row))}.\n\n` +
      'When it reaches zero, sending pauses: your messages wait, queued, and go out once credits are added. Contact the platform operator to top up.');
  }
  if (r.after <= 0) await placeHold(tx, { accountId, kind: 'credits', reason: 'The prepaid credit balance is exhausted: top up to resume sending.', placedBy: 'billing' });
}

async function mailOwners(ctx: Ctx, tx: Db, accountId: string, subject: string, text: string) {
  for (const m of await membersOf(tx, accountId)) if (m.role === 'owner') await queueEmail(ctx, tx, { accountId, to: m.email, subject, text });
}

async function accountOrThrow(ctx: Ctx, accountId: string | null) {
  const a = accountId ? await findAccount(ctx, accountId) : null;
  if (!a) throw notFound('Account');
  return a;
}

export interface BalanceView { prepaid: boolean; prepaidSetting: boolean | null; balanceMicros: number; balance: string; currency: string; lowBalanceMicros: number; held: boolean }

async function viewOf(ctx: Ctx, db: Db, accountId: string): Promise<BalanceView> {
  const b = await repo.billingRow(db, accountId);
  const balance = b?.balance_micros ?? 0;
  const prepaid = isPrepaid(ctx, b);
  return {
    prepaid, prepaidSetting: b?.prepaid ?? null, balanceMicros: balance, balance: formatMicros(balance, 2), currency: b?.currency ?? ctx.config.billingCurrency,
    lowBalanceMicros: b?.low_balance_micros ?? ctx.config.billingLowBalanceMicros, held: prepaid && balance <= 0,
  };
}

export const balanceView = (ctx: Ctx, accountId: string) => viewOf(ctx, ctx.db, accountId);

/**
 * An operator records a top-up through a payment provider ('manual': a payment received outside
 * the platform). Counted once per (provider, reference); the reference is required (a top-up
 * without one could not tell a replayed call from a second payment). Lifts the credits hold when the balance
 * is above zero again (the held messages become due at once) and re-arms the low-balance email.
 */
export async function topUp(ctx: Ctx, op: OperatorAuth, accountId: string | null, input: { amountMicros: number; provider: string; reference: string; description?: string | null }, meta: RequestMeta) {
  const account = await accountOrThrow(ctx, accountId);
  if (!Number.isSafeInteger(input.amountMicros) || input.amountMicros <= 0) throw unprocessable('invalid_amount', 'A top-up is a positive amount.', { field: 'amount' });
  if (!input.reference.trim()) throw unprocessable('reference_required', 'A top-up needs the payment\'s reference: it is credited once per reference.', { field: 'reference' });
  const provider = PAYMENT_PROVIDERS.get(input.provider);
  if (!provider) throw unprocessable('unknown_provider', `Unknown payment provider "${input.provider}".`, { field: 'provider', known: [...PAYMENT_PROVIDERS.keys()] });
  const { providerRef } = await provider.collect({ accountId: account.id, amountMicros: input.amountMicros, currency: ctx.config.billingCurrency, reference: input.reference });
  const duplicate = () => new AppError(409, 'duplicate_payment', `This ${provider.name} payment (${providerRef}) was recorded already.`, { field: 'reference' });
  return withTx(ctx.db, async (tx) => {
    const id = newUuid();
    const r = await repo.applyEntry(tx, { id, accountId: account.id, kind: 'topup', amountMicros: input.amountMicros, currency: ctx.config.billingCurrency, provider: provider.name, providerRef,
      description: input.description ?? null, createdBy: op.actor.label ?? op.operatorId });
    if (!r) throw duplicate();
    if (r.after > 0) await liftHold(tx, { accountId: account.id, kind: 'credits', liftedBy: 'billing' });
    if (r.after >= thresholdOf(ctx, r.row)) await repo.setLowNotified(tx, account.id, null);
    await recordOperatorAudit(ctx, { operator: op, action: 'billing.topped_up', target: { type: 'account', id: toPublicId('account', account.id) },
      details: { amount: formatMicros(input.amountMicros, 6), currency: ctx.config.billingCurrency, provider: provider.name, reference: providerRef, balanceAfter: formatMicros(r.after, 6) }, meta }, tx);
    return { entryId: toPublicId('creditEntry', id), ...(await viewOf(ctx, tx, account.id)) };
  }).catch((err: unknown) => {
    // The same payment recorded at the same moment (a replayed call): the one that committed first counts; this one's
    // look-up ran before that commit, so the ledger's key (credit_entries_provider_uq) refused it — rolled back, 409.
    throw isUniqueViolation(err, 'credit_entries_provider_uq') ? duplicate() : err;
  });
}

/** An operator switches an account to prepaid or not (null: BILLING_MODE decides) and sets its low-balance threshold. */
export async function updateSettings(ctx: Ctx, op: OperatorAuth, accountId: string | null, input: { prepaid?: boolean | null; lowBalanceMicros?: number | null }, meta: RequestMeta) {
  const account = await accountOrThrow(ctx, accountId);
  return withTx(ctx.db, async (tx) => {
    const row = await repo.saveSettings(tx, account.id, ctx.config.billingCurrency, input);
    if (isPrepaid(ctx, row) && row.balance_micros <= 0) await placeHold(tx, { accountId: account.id, kind: 'credits', reason: 'The prepaid credit balance is exhausted: top up to resume sending.', placedBy: 'billing' });
    else await liftHold(tx, { accountId: account.id, kind: 'credits', liftedBy: 'billing' });
    await recordOperatorAudit(ctx, { operator: op, action: 'billing.settings_changed', target: { type: 'account', id: toPublicId('account', account.id) },
      details: { prepaid: row.prepaid, lowBalance: row.low_balance_micros == null ? null : formatMicros(row.low_balance_micros, 6) }, meta }, tx);
    return viewOf(ctx, tx, account.id);
  });
}

export async function operatorBalance(ctx: Ctx, accountId: string | null) {
  const account = await accountOrThrow(ctx, accountId);
  return viewOf(ctx, ctx.db, account.id);
}

export { accountOrThrow };
