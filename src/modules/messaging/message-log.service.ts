import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import { decodePosition, pageFrom } from '../../http/pagination.js';
import { badRequest } from '../../lib/errors.js';
import { fromPublicId, type IdKind } from '../../lib/ids.js';
import * as repo from './messages.repo.js';

/** GET /v1/messages: the account's messages, newest first, narrowed by the query. */
export interface MessageLogQuery {
  status?: string;
  direction?: 'inbound' | 'outbound';
  numberId?: string;
  contactId?: string;
  since?: string;
  until?: string;
  cursor?: string;
  limit: number;
}

const idOf = (kind: IdKind, publicId: string, field: string) => {
  const id = fromPublicId(kind, publicId);
  if (!id) throw badRequest('invalid_filter', `${field} is not a valid id.`, { field });
  return id;
};

/** The repo filter of a query for this caller: a partner's grant restricts it to its numbers and teams. */
export function messageLogFilter(auth: Pick<AuthContext, 'partner'>, q: Omit<MessageLogQuery, 'cursor' | 'limit'>): repo.MessageLogFilter {
  const f: repo.MessageLogFilter = { status: q.status, direction: q.direction };
  if (q.numberId) f.numberId = idOf('number', q.numberId, 'numberId');
  if (q.contactId) f.contactId = idOf('contact', q.contactId, 'contactId');
  f.since = q.since;
  f.until = q.until;
  if (q.since && q.until && Date.parse(q.since) > Date.parse(q.until)) throw badRequest('invalid_filter', 'since must be before until.', { field: 'until' });
  if (auth.partner?.numberIds) f.numberIds = auth.partner.numberIds;
  if (auth.partner?.teamIds) f.teamIds = auth.partner.teamIds;
  return f;
}

/** One page of the log (limit + 1 read: the extra row only says there is a next page). */
export async function messageLog(ctx: Ctx, auth: AuthContext, q: MessageLogQuery) {
  const { cursor, limit, ...filter } = q;
  const rows = await repo.listMessageLog(ctx.db, auth.accountId, messageLogFilter(auth, filter), cursor ? decodePosition(cursor) : null, limit + 1);
  return pageFrom(rows, limit, (r) => ({ us: r.us, id: r.message.id }), (r) => r.message);
}
