import { z } from 'zod';
import { IsoDate } from '../../lib/dates.js';

const text = (max: number) => z.string().trim().min(1).max(max);
export const OUTCOMES = ['disclosed', 'partially_disclosed', 'rejected'] as const;

const Ndo = z
  .object({ until: IsoDate().nullable().describe('the order\'s end date; null: no end date (notice waits until the operator sets one)') })
  .strict()
  .nullable()
  .describe('a non-disclosure order: the accounts\' owners are told only after it ends; null when there is none');

export const LegalRequestBody = z
  .object({
    authority: text(200).describe('who asked (court, agency, police force)'),
    legalBasis: text(500).describe('the legal instrument (subpoena, court order, statute)'),
    scope: text(2000).describe('what was asked for'),
    receivedOn: IsoDate(),
    outcome: z.enum(OUTCOMES),
    disclosed: z.string().trim().max(2000).describe('what was handed over (empty when nothing was)'),
    accounts: z.array(z.string().regex(/^acct_[0-9a-z]{26}$/, 'must be an account id (acct_…)')).min(1).max(100),
    nonDisclosureOrder: Ndo,
  })
  .strict()
  .meta({ id: 'NewLegalRequest' });

export const LegalRequestPatch = z.object({ nonDisclosureOrder: Ndo }).strict().meta({ id: 'LegalRequestPatch' });

export const LegalRequestOut = z
  .object({
    id: z.string(), authority: z.string(), legalBasis: z.string(), scope: z.string(), receivedOn: z.string(), outcome: z.enum(OUTCOMES), disclosed: z.string(),
    nonDisclosureOrder: z.object({ until: z.string().nullable() }).nullable(),
    accounts: z.array(z.object({ id: z.string(), noticeSentAt: z.string().nullable() })),
    createdAt: z.string(),
  })
  .meta({ id: 'LegalRequest' });

export const TransparencyReport = z
  .object({
    generatedAt: z.string(),
    periods: z.array(z.object({
      period: z.string().describe('half-year of receipt, e.g. 2026-H1'), from: z.string(), to: z.string(),
      requests: z.number().int(), accountsAffected: z.number().int(), disclosed: z.number().int(), partiallyDisclosed: z.number().int(), rejected: z.number().int(),
    })),
  })
  .meta({ id: 'TransparencyReport' });

export const TransferBody = z
  .object({
    account: z.string().regex(/^acct_[0-9a-z]{26}$/).nullable().describe('the account that changes owner; null: the platform itself'),
    kind: z.enum(['merger', 'acquisition', 'asset_sale', 'other']),
    acquirer: text(200),
    description: text(2000),
    effectiveOn: IsoDate(),
  })
  .strict()
  .meta({ id: 'NewBusinessTransfer' });

export const TransferOut = z
  .object({
    id: z.string(), account: z.string().nullable(), kind: z.string(), acquirer: z.string(), description: z.string(), effectiveOn: z.string(), createdAt: z.string(),
  })
  .meta({ id: 'BusinessTransfer' });

export const AccountTransferOut = TransferOut.extend({
  showUntil: z.string(), acceptedAt: z.string().nullable(), acceptanceRequired: z.boolean().describe('the owner has yet to accept the privacy policy under the new owner'),
}).meta({ id: 'AccountBusinessTransfer' });
