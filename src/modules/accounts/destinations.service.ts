import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError, notFound, unprocessable } from '../../lib/errors.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import * as repo from './accounts.repo.js';
import { DESTINATION_NOT_ALLOWED, destinationAllowed, destinationRefusal, effectiveCountries, normaliseAllowList, type DestinationPolicy } from './destinations.js';

export const presentDestinations = (a: DestinationPolicy) => ({
  homeCountry: a.defaultCountry, allowedCountries: [...a.allowedCountries], effectiveCountries: effectiveCountries(a),
});

/** The account's destination countries (from the row authentication loaded). */
export function destinationsOf(auth: AuthContext) {
  return presentDestinations(auth.account);
}

/** Owner/admin: replaces the countries allowed besides the account's own; audited with before and after. */
export async function setDestinations(ctx: Ctx, auth: AuthContext, input: { allowedCountries: string[] }, meta: RequestMeta) {
  const { countries, invalid } = normaliseAllowList(auth.account.defaultCountry, input.allowedCountries);
  if (invalid.length) throw unprocessable('invalid_country', 'Countries are two-letter ISO 3166-1 codes, e.g. CA or MX.', { field: 'allowedCountries', invalid });
  const before = [...auth.account.allowedCountries].sort();
  if (before.join() === countries.join()) return presentDestinations(auth.account);
  const updated = await withTx(ctx.db, async (tx) => {
    const a = await repo.setAllowedCountries(tx, auth.accountId, countries);
    if (!a) throw notFound('Account');
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'account.destinations_changed', target: { type: 'account', id: auth.accountId }, meta,
      details: { before, after: countries, added: countries.filter((c) => !before.includes(c)), removed: before.filter((c) => !countries.includes(c)) },
    });
    return a;
  });
  return presentDestinations(updated);
}

/**
 * Send paths: throws 422 `destination_country_not_allowed` (Twilio 21408 in details) unless the
 * recipient's country is allowed for the account. No query: the policy is the account row.
 */
export function assertDestinationAllowed(account: DestinationPolicy, country: string | null | undefined): void {
  const refusal = destinationRefusal(account, country);
  if (refusal) throw new AppError(422, refusal.code, refusal.message, refusal.details);
}

/** Number types that bill the sender (or pay the range holder) per text: never texted on an anonymous caller's word. */
const PREMIUM_TYPES = new Set(['premium_rate', 'shared_cost']);

/**
 * Public pages (the hosted sign-up form, the privacy page) text a number an anonymous caller
 * typed: only in the account's countries, and never a premium-rate or shared-cost number (toll
 * fraud, SMS pumping). Throws 422 `destination_country_not_allowed` / `premium_rate_number`,
 * naming no setting (the caller is not a member); checked before anything is written or looked up.
 */
export function assertPublicRecipient(account: DestinationPolicy, phone: { country: string | null; type: string | null }): void {
  if (!destinationAllowed(account, phone.country)) {
    const where = phone.country ? `in ${phone.country.toUpperCase()}` : 'of no country';
    throw new AppError(422, DESTINATION_NOT_ALLOWED, `Texts cannot be sent to numbers ${where} from this page: enter a number of this business's country.`, { field: 'phone', country: phone.country?.toUpperCase() ?? null });
  }
  if (phone.type && PREMIUM_TYPES.has(phone.type)) throw unprocessable('premium_rate_number', 'This is a premium-rate number: enter a mobile number that can receive texts.', { field: 'phone' });
}

/** Every country an account's texts may go to (campaigns skip the other recipients: `destination_not_allowed`). */
export async function destinationCountriesOf(db: Db, accountId: string): Promise<string[]> {
  const account = await repo.findAccount(db, accountId);
  return account ? effectiveCountries(account) : [];
}
