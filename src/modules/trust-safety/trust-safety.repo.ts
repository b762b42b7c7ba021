import { txQuery, type Db } from '../../db/client.js';
import type { Signal } from './signals.js';

export interface ReviewRow {
  id: string; account_id: string; account_name: string; account_status: string; status: string; signals: Signal[];
  opened_at: Date; updated_at: Date; resolved_at: Date | null; resolved_by: string | null; resolution: string | null;
  enforcement_state: string | null;
}

const REVIEW_COLUMNS = `r.id, r.account_id, a.name as account_name, a.status as account_status, r.status, r.signals, r.opened_at, r.updated_at,
  r.resolved_at, r.resolved_by, r.resolution, e.state as enforcement_state`;
const REVIEW_FROM = `account_reviews r join accounts a on a.id = r.account_id left join account_enforcement e on e.account_id = r.account_id`;

/** Opens the account's review, or updates the open one with the latest signals (one open review per account). */
export async function upsertOpenReview(db: Db, id: string, accountId: string, signals: Signal[]): Promise<{ id: string; opened: boolean }> {
  const { rows: [r] } = await txQuery(db)<{ id: string; opened: boolean }>(
    `insert into account_reviews (id, account_id, status, signals) values ($1, $2, 'open', $3::jsonb)
     on conflict (account_id) where status = 'open' do update set signals = excluded.signals, updated_at = now()
     returning id, (xmax = 0) as opened`,
    [id, accountId, JSON.stringify(signals)],
  );
  return r;
}

/** Open reviews, the most recently updated first, keyset on (updated_at, id). */
export async function listReviews(db: Db, status: string, after: { at: Date; id: string } | null, limit: number): Promise<ReviewRow[]> {
  const { rows } = await txQuery(db)<ReviewRow>(
    `select ${REVIEW_COLUMNS} from ${REVIEW_FROM}
     where r.status = $1 and ($2::timestamptz is null or (r.updated_at, r.id) < ($2::timestamptz, $3::uuid))
     order by r.updated_at desc, r.id desc limit $4`,
    [status, after?.at ?? null, after?.id ?? null, limit],
  );
  return rows;
}

export async function findReview(db: Db, id: string): Promise<ReviewRow | null> {
  const { rows: [r] } = await txQuery(db)<ReviewRow>(`select ${REVIEW_COLUMNS} from ${REVIEW_FROM} where r.id = $1`, [id]);
  return r ?? null;
}

export async function reviewsOfAccount(db: Db, accountId: string, limit = 20): Promise<ReviewRow[]> {
  const { rows } = await txQuery(db)<ReviewRow>(`select ${REVIEW_COLUMNS} from ${REVIEW_FROM} where r.account_id = $1 order by r.opened_at desc limit $2`, [accountId, limit]);
  return rows;
}

export async function resolveReview(db: Db, id: string, status: 'dismissed' | 'actioned', by: string | null, resolution: string): Promise<boolean> {
  const { rows } = await txQuery(db)(
    `update account_reviews set status = $2, resolved_at = now(), resolved_by = $3, resolution = $4, updated_at = now() where id = $1 and status = 'open' returning id`,
    [id, status, by, resolution],
  );
  return rows.length > 0;
}

/** Closes the account's open review as actioned (an enforcement decided it). */
export async function actionOpenReview(db: Db, accountId: string, by: string | null, resolution: string): Promise<string | null> {
  const { rows: [r] } = await txQuery(db)<{ id: string }>(
    `update account_reviews set status = 'actioned', resolved_at = now(), resolved_by = $2, resolution = $3, updated_at = now()
     where account_id = $1 and status = 'open' returning id`,
    [accountId, by, resolution],
  );
  return r?.id ?? null;
}

export interface AccountBrief { id: string; name: string; status: string }

/** Locks the account row for an enforcement decision (one at a time per account). */
export async function lockAccount(db: Db, accountId: string): Promise<AccountBrief | null> {
  const { rows: [r] } = await txQuery(db)<AccountBrief>(`select id, name, status from accounts where id = $1 and kind = 'business' for update`, [accountId]);
  return r ?? null;
}

export async function setAccountStatus(db: Db, accountId: string, status: string): Promise<void> {
  await txQuery(db)(`update accounts set status = $2, updated_at = now() where id = $1`, [accountId, status]);
}

export interface EnforcementRow { account_id: string; state: string; throttle_mps: number | null; reason: string; updated_at: Date }

export async function enforcementOf(db: Db, accountId: string): Promise<EnforcementRow | null> {
  const { rows: [r] } = await txQuery(db)<EnforcementRow>(`select * from account_enforcement where account_id = $1`, [accountId]);
  return r ?? null;
}

export async function setEnforcement(db: Db, accountId: string, state: string, throttleMps: number | null, reason: string): Promise<void> {
  await txQuery(db)(
    `insert into account_enforcement (account_id, state, throttle_mps, reason) values ($1, $2, $3, $4)
     on conflict (account_id) do update set state = excluded.state, throttle_mps = excluded.throttle_mps, reason = excluded.reason, updated_at = now()`,
    [accountId, state, throttleMps, reason],
  );
}

export interface ActionRow {
  id: string; account_id: string; action: string; reason: string; throttle_mps: number | null; review_id: string | null;
  operator_id: string | null; operator_label: string | null; created_at: Date;
}

export async function insertAction(db: Db, a: Omit<ActionRow, 'created_at'>): Promise<void> {
  await txQuery(db)(
    `insert into enforcement_actions (id, account_id, action, reason, throttle_mps, review_id, operator_id, operator_label) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [a.id, a.account_id, a.action, a.reason, a.throttle_mps, a.review_id, a.operator_id, a.operator_label],
  );
}

export async function actionsOf(db: Db, accountId: string, limit = 50): Promise<ActionRow[]> {
  const { rows } = await txQuery(db)<ActionRow>(`select * from enforcement_actions where account_id = $1 order by created_at desc, id desc limit $2`, [accountId, limit]);
  return rows;
}

/** The account's owners' addresses (the enforcement notice goes to each). */
export async function ownerEmails(db: Db, accountId: string): Promise<string[]> {
  const { rows } = await txQuery(db)<{ email: string }>(
    `select u.email from memberships m join users u on u.id = m.user_id where m.account_id = $1 and m.role = 'owner' order by u.email`, [accountId]);
  return rows.map((r) => r.email);
}

export interface NoticeRow { id: string; account_id: string; kind: string; title: string; body: string; action_id: string | null; created_at: Date; acknowledged_at: Date | null }

export async function insertNotice(db: Db, n: Omit<NoticeRow, 'created_at' | 'acknowledged_at'>): Promise<void> {
  await txQuery(db)(`insert into account_notices (id, account_id, kind, title, body, action_id) values ($1, $2, $3, $4, $5, $6)`,
    [n.id, n.account_id, n.kind, n.title, n.body, n.action_id]);
}

export async function noticesOf(db: Db, accountId: string, limit = 50): Promise<NoticeRow[]> {
  const { rows } = await txQuery(db)<NoticeRow>(`select * from account_notices where account_id = $1 order by created_at desc, id desc limit $2`, [accountId, limit]);
  return rows;
}

export async function acknowledgeNotice(db: Db, accountId: string, id: string): Promise<boolean> {
  const { rows } = await txQuery(db)(
    `update account_notices set acknowledged_at = coalesce(acknowledged_at, now()) where account_id = $1 and id = $2 returning id`, [accountId, id]);
  return rows.length > 0;
}

export interface AppealRow { id: string; account_id: string; account_name?: string; status: string; subject: string; created_by_user_id: string | null; created_at: Date; updated_at: Date }
export interface AppealMessageRow {
  id: string; account_id: string; appeal_id: string; author_kind: string; author_user_id: string | null; author_name: string | null;
  author_operator: string | null; body: string; created_at: Date;
}

export async function insertAppeal(db: Db, a: { id: string; account_id: string; subject: string; created_by_user_id: string | null }): Promise<void> {
  await txQuery(db)(`insert into appeals (id, account_id, subject, created_by_user_id) values ($1, $2, $3, $4)`, [a.id, a.account_id, a.subject, a.created_by_user_id]);
}

export async function insertAppealMessage(db: Db, m: Omit<AppealMessageRow, 'created_at' | 'author_name'>): Promise<void> {
  await txQuery(db)(
    `insert into appeal_messages (id, account_id, appeal_id, author_kind, author_user_id, author_operator, body) values ($1, $2, $3, $4, $5, $6, $7)`,
    [m.id, m.account_id, m.appeal_id, m.author_kind, m.author_user_id, m.author_operator, m.body],
  );
  await txQuery(db)(`update appeals set updated_at = now() where account_id = $1 and id = $2`, [m.account_id, m.appeal_id]);
}

/** An account's appeals (accountId given), or every appeal of a status (operators). */
export async function listAppeals(db: Db, filter: { accountId?: string; status?: string }, limit = 100): Promise<AppealRow[]> {
  const { rows } = await txQuery(db)<AppealRow>(
    `select p.*, a.name as account_name from appeals p join accounts a on a.id = p.account_id
     where ($1::uuid is null or p.account_id = $1::uuid) and ($2::text is null or p.status = $2::text)
     order by p.updated_at desc, p.id desc limit $3`,
    [filter.accountId ?? null, filter.status ?? null, limit],
  );
  return rows;
}

/** One appeal; `accountId` scopes it (an account member's read), null for an operator. */
export async function findAppeal(db: Db, accountId: string | null, id: string): Promise<AppealRow | null> {
  const { rows: [r] } = await txQuery(db)<AppealRow>(
    `select p.*, a.name as account_name from appeals p join accounts a on a.id = p.account_id where p.id = $2 and ($1::uuid is null or p.account_id = $1::uuid)`, [accountId, id]);
  return r ?? null;
}

export async function appealMessages(db: Db, accountId: string, appealId: string): Promise<AppealMessageRow[]> {
  const { rows } = await txQuery(db)<AppealMessageRow>(
    `select m.*, u.name as author_name from appeal_messages m left join users u on u.id = m.author_user_id
     where m.account_id = $1 and m.appeal_id = $2 order by m.created_at, m.id`, [accountId, appealId]);
  return rows;
}

export async function setAppealStatus(db: Db, accountId: string, id: string, status: string): Promise<void> {
  await txQuery(db)(`update appeals set status = $3, updated_at = now() where account_id = $1 and id = $2`, [accountId, id, status]);
}
