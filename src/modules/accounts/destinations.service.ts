import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError, notFound, unprocessable } from '../../lib/errors.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import * as repo from './accounts.repo.js';
import { destinationRefusal, effectiveCountries, normaliseAllowList, type DestinationPolicy } from './destinations.js';

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

/** Every country an account's texts may go to (campaigns skip the other recipients: `destination_not_allowed`). */
export async function destinationCountriesOf(db: Db, accountId: string): Promise<string[]> {
  const account = await repo.findAccount(db, accountId);
  return account ? effectiveCountries(account) : [];
}
