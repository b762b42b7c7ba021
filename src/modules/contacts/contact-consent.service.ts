import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import type { RequestMeta } from '../../lib/actor.js';
import * as evidence from '../consent/consent-evidence.service.js';
import { getContact } from './contacts.service.js';

/**
 * A contact's consent: the contacts module finds the contact (404 across accounts), the
 * consent module keeps the evidence. Consent never reads contacts itself.
 */
export async function recordForContact(ctx: Ctx, auth: AuthContext, contactPublicId: string, body: evidence.ConsentRequest, meta: RequestMeta) {
  await evidence.recordForContact(ctx, auth, await getContact(ctx, auth, contactPublicId), body, meta);
  return evidence.timeline(ctx, auth, await getContact(ctx, auth, contactPublicId));
}

export async function timeline(ctx: Ctx, auth: AuthContext, contactPublicId: string) {
  return evidence.timeline(ctx, auth, await getContact(ctx, auth, contactPublicId));
}

/** Finds the contact first (a 404 before the download starts), then streams its evidence. */
export async function exportEvidence(ctx: Ctx, auth: AuthContext, contactPublicId: string, format: 'csv' | 'json', meta: RequestMeta) {
  const contact = await getContact(ctx, auth, contactPublicId);
  return evidence.exportEvidence(ctx, auth, format, meta, contact);
}
