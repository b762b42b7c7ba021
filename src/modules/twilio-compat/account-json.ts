/**
 * Twilio's Account resource (pure): what `client.api.accounts(sid).fetch()` reads — ported code
 * calls it to check its credentials. The auth token, which Twilio's answer carries, is null here:
 * ours is shown once, when it is issued (POST /v1/twilio-compat/auth-token).
 */
import { API_VERSION, rfc2822 } from './message-json.js';

export function accountJson(a: { twilioAccountSid: string; name: string; status: string; createdAt: Date; updatedAt: Date | null }) {
  const uri = `/${API_VERSION}/Accounts/${a.twilioAccountSid}`;
  return {
    auth_token: null,
    date_created: rfc2822(a.createdAt),
    date_updated: rfc2822(a.updatedAt ?? a.createdAt),
    friendly_name: a.name,
    owner_account_sid: a.twilioAccountSid,
    sid: a.twilioAccountSid,
    // Only an active account authenticates (auth.ts): a suspended one never reaches this.
    status: a.status === 'active' ? 'active' : 'suspended',
    subresource_uris: { messages: `${uri}/Messages.json` },
    type: 'Full',
    uri: `${uri}.json`,
  };
}
