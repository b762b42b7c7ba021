import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import { badRequest } from '../../lib/errors.js';
import { fromPublicId } from '../../lib/ids.js';
import * as repo from './notifications.repo.js';

/** In-app notifications of the signed-in member in this account (the bell in the app header). */
export type { NotificationRow } from './notifications.repo.js';

const me = (auth: AuthContext) => {
  if (!auth.userId) throw badRequest('no_person', 'Notifications belong to a signed-in person, not an API key.');
  return auth.userId;
};

export async function listNotifications(ctx: Ctx, auth: AuthContext, q: { unread?: boolean; limit: number }) {
  const userId = me(auth);
  const [data, unread] = await Promise.all([
    repo.listNotifications(ctx.database.query, auth.accountId, userId, q.unread ?? false, q.limit),
    repo.unreadCount(ctx.database.query, auth.accountId, userId),
  ]);
  return { data, unreadCount: unread };
}

/** Marks the given notifications (public ids) or all of them read; answers the unread count left. */
export async function markNotificationsRead(ctx: Ctx, auth: AuthContext, input: { ids?: string[]; all?: boolean }) {
  const userId = me(auth);
  if (!input.all && !input.ids?.length) throw badRequest('nothing_to_mark', 'Give ids, or all: true.');
  const ids = input.all ? null : input.ids!.map((p) => fromPublicId('notification', p)).filter((x): x is string => x !== null);
  if (ids && !ids.length) return { unreadCount: await repo.unreadCount(ctx.database.query, auth.accountId, userId) };
  await repo.markRead(ctx.database.query, auth.accountId, userId, ids);
  return { unreadCount: await repo.unreadCount(ctx.database.query, auth.accountId, userId) };
}
