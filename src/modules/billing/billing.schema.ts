import { z } from 'zod';

/** Billing API shapes (shared with the web app). Money: integer micro-units plus a decimal string, with the currency. */
const Money = { currency: z.string() };

export const BalanceOut = z.object({
  prepaid: z.boolean().meta({ description: 'Credits are enforced for this account (its own setting, else BILLING_MODE)' }),
  prepaidSetting: z.boolean().nullable().meta({ description: 'The account\'s own setting; null: BILLING_MODE decides' }),
  balanceMicros: z.number().int(), balance: z.string(), ...Money,
  lowBalanceMicros: z.number().int(),
  held: z.boolean().meta({ description: 'Prepaid and exhausted: sending waits until a top-up' }),
}).meta({ id: 'BillingBalance' });

export const CreditEntryOut = z.object({
  id: z.string(), kind: z.enum(['topup', 'usage', 'adjustment']).or(z.string()), amountMicros: z.number().int(), amount: z.string(), balanceAfterMicros: z.number().int(), ...Money,
  provider: z.string().nullable(), reference: z.string().nullable(), description: z.string().nullable(), createdAt: z.string(),
}).meta({ id: 'CreditEntry' });

export const BillingOverviewOut = BalanceOut.extend({ entries: z.array(CreditEntryOut) }).meta({ id: 'BillingOverview' });

/** A calendar day (YYYY-MM-DD) that exists, from 1970 on: '2026-02-31' or '0000-01-01' are a 400, not a database error. */
const isCalendarDay = (s: string) => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && s >= '1970-01-01' && new Date(t).toISOString().slice(0, 10) === s;
};
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD').refine(isCalendarDay, 'a calendar day from 1970-01-01 on');
export const UsageQuery = z.object({ from: Day.optional(), to: Day.optional() }).strict();

export const UsageOut = z.object({
  from: z.string(), to: z.string(), ...Money,
  days: z.array(z.object({ day: z.string(), sms: z.number().int(), mms: z.number().int(), inboundSms: z.number().int(), inboundMms: z.number().int(), numberMonths: z.number().int(), amountMicros: z.number().int(), amount: z.string() })),
  byCountry: z.array(z.object({ unit: z.string(), country: z.string(), senderType: z.string(), quantity: z.number().int(), amountMicros: z.number().int() })),
  totals: z.object({ sms: z.number().int(), mms: z.number().int(), inboundSms: z.number().int(), inboundMms: z.number().int(), numberMonths: z.number().int(), amountMicros: z.number().int(), amount: z.string() }),
}).meta({ id: 'BillingUsage' });

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');
export const StatementParams = z.object({ month: Month });
export const StatementQuery = z.object({ format: z.enum(['json', 'csv', 'pdf']).default('json') }).strict();
export const StatementsOut = z.object({ data: z.array(z.object({ month: z.string(), final: z.boolean(), number: z.string().nullable().meta({ description: 'The issued statement\'s number; null until issued' }) })) }).meta({ id: 'StatementList' });

export const StatementOut = z.object({
  accountId: z.string(), accountName: z.string(), month: z.string(), periodStart: z.string(), periodEnd: z.string(), ...Money, final: z.boolean(),
  lines: z.array(z.object({ unit: z.string(), country: z.string(), senderType: z.string(), quantity: z.number().int(), unitPriceMicros: z.number().int().nullable(), amountMicros: z.number().int() })),
  usageTotalMicros: z.number().int(),
  payments: z.array(z.object({ at: z.string(), provider: z.string().nullable(), reference: z.string().nullable(), amountMicros: z.number().int() })),
  paymentsTotalMicros: z.number().int(), openingBalanceMicros: z.number().int(), closingBalanceMicros: z.number().int(), prepaid: z.boolean(),
  status: z.enum(['issued', 'preview']).meta({ description: 'issued: a closed month, stored once and never recomputed; preview: the month in progress, live, not an invoice' }),
  number: z.string().nullable().meta({ description: 'The statement number (issued only)' }),
  issuedAt: z.string().nullable().meta({ description: 'When it was issued (issued only)' }),
}).meta({ id: 'Statement' });

const Country = z.string().regex(/^([A-Za-z]{2}|\*)$/, 'an ISO 3166 two-letter code or *');
const SenderType = z.enum(['long_code', 'toll_free', 'short_code', '*']);
const Unit = z.enum(['sms', 'mms', 'inbound_sms', 'inbound_mms', 'number_month']);
const Price = z.string().regex(/^\d{1,9}(\.\d{1,6})?$/, 'a decimal amount ≥ 0 with at most 6 places, e.g. 0.0079');

export const PriceKeyQuery = z.object({ country: Country, senderType: SenderType, unit: Unit }).strict();
export const PriceBody = z.object({ country: Country, senderType: SenderType, unit: Unit, price: Price, currency: z.string().regex(/^[A-Z]{3}$/).optional() }).strict();

export const PriceOut = z.object({ country: z.string(), senderType: z.string(), unit: z.string(), priceMicros: z.number().int(), price: z.string(), ...Money, updatedAt: z.string().nullable(), updatedBy: z.string().nullable() }).meta({ id: 'PriceEntry' });
export const PriceBookOut = z.object({ ...Money, entries: z.array(PriceOut), listPrices: z.array(PriceOut) }).meta({ id: 'PriceBook' });
export const OverridesOut = z.object({ ...Money, overrides: z.array(PriceOut) }).meta({ id: 'PriceOverrides' });

export const AccountParams = z.object({ id: z.string().max(100) });
export const AccountStatementParams = AccountParams.extend({ month: Month });
const REFERENCE_NEEDED = 'A top-up needs the payment\'s reference (e.g. the bank transfer id, or a key unique to this payment): it is credited once per reference, so a replayed call never credits twice.';
export const TopUpBody = z.object({
  amount: Price.meta({ description: 'A decimal amount of the platform currency, e.g. "25.00"' }),
  provider: z.string().max(40).default('manual'),
  reference: z.string({ error: REFERENCE_NEEDED }).trim().min(1, { error: REFERENCE_NEEDED }).max(200)
    .meta({ description: 'The payment\'s reference at the provider (a bank transfer id), required: a (provider, reference) is credited once, so a replayed call is answered 409 duplicate_payment' }),
  description: z.string().max(500).optional(),
}).strict();
export const TopUpOut = BalanceOut.extend({ entryId: z.string() }).meta({ id: 'TopUp' });
export const BillingSettingsBody = z.object({
  prepaid: z.boolean().nullable().optional(),
  lowBalance: Price.nullable().optional().meta({ description: 'Low-balance email threshold; null: BILLING_LOW_BALANCE' }),
}).strict();
