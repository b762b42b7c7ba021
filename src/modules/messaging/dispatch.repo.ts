import { txQuery, type Db, type RawQuery } from '../../db/client.js';
import { pgArray } from '../../db/pg-array.js';
import type { MessageMedia } from '../../db/schema/index.js';
import { STATUTORY_KEYWORDS } from './hand-over-gate.js';

/** A held account's keyword replies that still go (hand-over-gate.ts isStatutoryReply): STOP/START/HELP answers, and replies naming no keyword. */
const STATUTORY_SQL = (t: string) => `(${t}.keyword is null or ${t}.keyword->>'kind' in (${STATUTORY_KEYWORDS.map((k) => `'${k}'`).join(', ')}))`;

/** A queued message under a dispatcher's lease. */
export interface Claimed {
  id: string; account_id: string; status: 'scheduled' | 'queued'; from: string; to: string; body: string; encoding: string; segments: number; kind: string; provider: string;
  /** A keyword reply: the keyword it answers (null for other texts). */
  keyword: { kind: string; word: string } | null;
  /** The claim's number: each claim increments it, so a stale worker's outcome is recognised. */
  attempts: number;
  /** MMS media (null for an SMS). */
  media: MessageMedia[] | null;
  /** The campaign that queued it (null: not a campaign text): a paused or canceled campaign's claims are not handed over. */
  campaign_id: string | null;
  /** A previous claim expired unrecorded: its worker may have handed the message to the carrier. */
  taken_over: boolean;
  /** When this claim's transaction started. */
  claimed_at: Date;
  /** (claimDue) The account had an active sending hold at claim time: only its keyword replies were claimed. */
  held?: boolean;
  /** When its hand-over was decided: consent re-checked under the opt-out locks (set in memory by the dispatcher). */
  handed_over_at?: Date;
}

export interface DueSender {
  account_id: string; number_id: string; provider: string;
  /** The provider connection the number is on (null: the built-in simulator path). */
  connection_id: string | null;
  /** The connection row's version (its updated_at as text): a change (credential rotation) makes the dispatcher reconnect. */
  connection_version: string | null;
  /** The number was released: its waiting texts are canceled (number_released), never sent. */
  released?: boolean;
}

/**
 * Senders with messages due now (a dead worker's expired lease makes its messages due again),
 * in a fair order: round-robin across accounts, then across each account's senders, least
 * recently served first (a bucket's `refilled_at` moves at every claim attempt). A platform-wide scan.
 * A number on a disabled provider connection is not due: its messages wait, queued, until the
 * connection is enabled again (no attempt is spent). A number of an account with an active sending
 * hold (sending_holds, src/modules/trust-safety) is due only for its keyword replies (STOP/HELP
 * confirmations go even under a hold; messages_keyword_queue_idx, one probe), and not at all when
 * the account is terminated: its other messages wait, queued, until the last hold is lifted.
 */
export async function dueSenders(q: RawQuery, busyNumberIds: readonly string[] = []): Promise<DueSender[]> {
  // The senders with queued messages are read by skipping through the queue index (one probe per
  // sender, not one row per message: a DISTINCT over 100,000 queued rows took ~100 ms, this 0.1 ms);
  // a sender is due when a queued message of it is due and under no live lease (a claim leaves next_attempt_at
  // as it was and sets claimed_until: the probe steps over the sender's leased messages, at most its batches in flight).
  const { rows } = await q<DueSender>(
    `with recursive s as (
       (select account_id, number_id from messages where status in ('scheduled', 'queued') order by account_id, number_id limit 1)
       union all
       select x.account_id, x.number_id from s, lateral (
         select m.account_id, m.number_id from messages m
         where m.status in ('scheduled', 'queued') and (m.account_id, m.number_id) > (s.account_id, s.number_id)
         order by m.account_id, m.number_id limit 1) x)
     select d.account_id, d.number_id, n.provider, n.connection_id, c.updated_at::text as connection_version, n.released_at is not null as released
     from s d
     join phone_numbers n on n.account_id = d.account_id and n.id = d.number_id
     left join provider_connections c on c.account_id = n.account_id and c.id = n.connection_id
     left join sender_buckets b on b.account_id = d.account_id and b.number_id = d.number_id
     where c.status is distinct from 'disabled'
       -- A sender whose turn is in flight here is left out before its probe below (the caller starts no second turn
       -- for it, and a busy sender's leased messages are the ones that probe steps over).
       and not (d.number_id = any($1::uuid[]))
       and case when not exists (select 1 from sending_holds h where h.account_id = d.account_id and h.lifted_at is null)
         then exists (select 1 from messages m
               where m.account_id = d.account_id and m.number_id = d.number_id and m.status in ('scheduled', 'queued') and m.next_attempt_at <= now()
                 and (m.claimed_until is null or m.claimed_until <= now()))
         else not exists (select 1 from accounts a where a.id = d.account_id and a.status = 'terminated')
           and exists (select 1 from messages m where m.account_id = d.account_id and m.number_id = d.number_id
                       and m.status in ('scheduled', 'queued') and m.kind = 'keyword_reply' and ${STATUTORY_SQL('m')} and m.next_attempt_at <= now()
                       and (m.claimed_until is null or m.claimed_until <= now())) end
     order by row_number() over (partition by d.account_id order by b.refilled_at nulls first, d.number_id), b.refilled_at nulls first, d.account_id, d.number_id
     limit 500`,
    [pgArray(busyNumberIds)],
  );
  return rows;
}

/** Refills the sender's token bucket (shared by every process) and returns the tokens it holds. */
export async function refillTokens(tx: Db, accountId: string, numberId: string): Promise<number> {
  const { rows: [bucket] } = await txQuery(tx)<{ tokens: number }>(
    `update sender_buckets b set tokens = least(greatest(r.mps, 1), b.tokens + extract(epoch from (now() - b.refilled_at)) * r.mps), refilled_at = now()
     from phone_numbers n left join account_enforcement e on e.account_id = n.account_id
       cross join lateral (select least(n.mps, coalesce(e.throttle_mps, n.mps)) as mps) r
     where n.account_id = b.account_id and n.id = b.number_id and b.account_id = $1 and b.number_id = $2 returning b.tokens`,
    [accountId, numberId],
  );
  return bucket?.tokens ?? 0;
}

export async function spendTokens(tx: Db, accountId: string, numberId: string, segments: number): Promise<void> {
  await txQuery(tx)(`update sender_buckets set tokens = tokens - $3 where account_id = $1 and number_id = $2`, [accountId, numberId, segments]);
}

/**
 * Renews a worker's lease on messages it still holds (claimed, not yet recorded): a batch a slow
 * carrier keeps longer than the lease is not taken over while its worker is alive. Only the
 * worker's own claim is renewed (the attempt it claimed, still waiting, still leased); a message
 * recorded, given back or taken over meanwhile is left as it is. Returns how many were renewed.
 * A message another transaction holds is passed over (SKIP LOCKED), never waited for: the turn's own
 * hand-over or recording updates its batch in several statements, and a renewal holding one of them
 * while waiting for another made a lock cycle that PostgreSQL broke by ending one side — the
 * recording of what the carrier answered, or the renewal. Such a message is being settled; if that
 * transaction rolls back, the next renewal takes it.
 */
export async function renewClaims(q: RawQuery, accountId: string, claims: Array<{ id: string; attempt: number }>, leaseSeconds: number): Promise<number> {
  if (!claims.length) return 0;
  const { rows } = await q(
    `with r as (select m.id from ${ownClaimsOf('m.claimed_until is not null', 'for update of m skip locked')})
     update messages m set claimed_until = now() + make_interval(secs => $4::float8)
     where m.account_id = $1 and m.id = any(array(select id from r))
     returning m.id`,
    [accountId, claims.map((c) => c.id), claims.map((c) => c.attempt), leaseSeconds],
  );
  return rows.length;
}

/**
 * The rows (`m`: id, claimed_until) of a batch's claims (`c`: $2 ids, $3 attempts, of account $1) that are
 * still waiting under the same attempt and match `lease`. Each claim is read by its key in a lateral
 * subquery LIMIT keeps from being flattened into a join: as a join filtered on the lease, the planner —
 * its statistics see claimed_until null nearly everywhere — estimated one row, scanned all of messages
 * and compared each row with the whole batch (~80 µs of database CPU per message at the hand-over in the
 * dispatch bench, and a full scan per renewal). Writes then name their rows as `id = any(array(…))`.
 */
const ownClaimsOf = (lease: string, lock = '') => `unnest($2::uuid[], $3::int[]) as c(id, attempt)
  cross join lateral (select m.id, m.claimed_until from messages m
    where m.account_id = $1 and m.id = c.id and m.attempts = c.attempt and m.status in ('scheduled', 'queued') and ${lease}
    limit 1 ${lock}) m`;

/**
 * The claims of a batch that are still the caller's at its hand-over: same attempt, still waiting,
 * lease still running. A claim whose lease ran out (its worker stalled, renewals failing) may already
 * be another worker's, which may have sent the message: it is not handed over again. A lease with
 * less than half its length left is renewed here (only then is a row written: a live turn renews
 * every third of the lease), so it does not run out while the batch goes to the carrier.
 */
export async function ownClaimsAtHandOver(tx: Db, accountId: string, claims: Array<{ id: string; attempt: number }>, leaseSeconds: number): Promise<Set<string>> {
  if (!claims.length) return new Set();
  const { rows } = await txQuery(tx)<{ id: string }>(
    `with c as (
       select c.id, c.attempt, m.claimed_until < now() + make_interval(secs => $4::float8 / 2) as low from ${ownClaimsOf('m.claimed_until > now()')}),
     r as (
       update messages m set claimed_until = now() + make_interval(secs => $4::float8)
       where m.account_id = $1 and m.id = any(array(select id from c where low)) and m.status in ('scheduled', 'queued') and m.claimed_until > now()
         and m.attempts = (select c.attempt from c where c.id = m.id)
       returning m.id)
     select id from c where not low union all select id from r`,
    [accountId, pgArray(claims.map((c) => c.id)), pgArray(claims.map((c) => c.attempt)), leaseSeconds],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Adds a connection's next window (claims: id and attempt) to a batch's hand-over journal row, only if the row is still
 * there and every claim of the window is still the caller's (same attempt, waiting, lease running) — read FOR SHARE, so a
 * takeover claiming one of them at this moment either waits for this append (and then reads it in the journal) or is seen
 * here (and nothing is appended). Never written anew: a row dropped at the lease's bound stays dropped. False: not appended
 * (the window must not be submitted).
 */
export async function appendHandoverIfOwn(tx: Db, accountId: string, journal: string, claims: Array<{ id: string; attempt: number }>): Promise<boolean> {
  if (!claims.length) return true;
  const { rows } = await txQuery(tx)<{ n: number }>(
    `with c as (select m.id from ${ownClaimsOf('m.claimed_until > now()', 'for share of m')}),
     u as (
       update dispatch_handovers h set message_ids = h.message_ids || $2::uuid[]
       where h.account_id = $1 and h.id = $4 and (select count(*) from c) = $5
       returning 1)
     select count(*)::int as n from u`,
    [accountId, pgArray(claims.map((c) => c.id)), pgArray(claims.map((c) => c.attempt)), journal, claims.length],
  );
  return rows[0].n === 1;
}

/**
 * Leases up to `limit` due messages of a sender (SKIP LOCKED): the status stays, the lease end
 * becomes `claimed_until` (a column no index reads, so on a page with room the claim is a HOT
 * update; messages has a fillfactor for it), and a message under a live lease is not due: it is
 * due again only if the lease runs out unrecorded. `next_attempt_at` keeps its place in the queue.
 */
export async function leaseDue(tx: Db, accountId: string, numberId: string, limit: number, leaseSeconds: number): Promise<Claimed[]> {
  const { rows } = await txQuery(tx)<Claimed>(
    `with c as (
       select id, claimed_until from messages
       where account_id = $1 and number_id = $2 and status in ('scheduled', 'queued') and next_attempt_at <= now() and (claimed_until is null or claimed_until <= now())
       order by next_attempt_at limit $3 for update skip locked)
     update messages m set claimed_until = now() + make_interval(secs => $4), attempts = m.attempts + 1
     from c where m.account_id = $1 and m.id = c.id
     returning m.id, m.account_id, m.status, m."from", m."to", m.body, m.encoding, m.segments, m.kind, m.provider, m.attempts, m.media, m.campaign_id,
               c.claimed_until is not null as taken_over, now() as claimed_at`,
    [accountId, numberId, limit, leaseSeconds],
  );
  return rows;
}

/** How many due texts beyond the sender's tokens a claim looks at when the account has a rate-capped campaign. */
export const CAMPAIGN_LOOKAHEAD = 200;

/**
 * A sender's claim in one statement (no transaction of its own): refills its token bucket (shared
 * by every process; the row lock serialises concurrent claims of the sender), leases up to
 * min(`max`, whole tokens) due messages (SKIP LOCKED, as `leaseDue`) and spends their segments.
 * The bucket is written once, even when nothing was due (its `refilled_at` orders the senders).
 *
 * Campaign rate caps (issue 9): a rate-capped campaign has a token bucket of its own
 * (campaign_buckets, messages per second, shared by all its numbers and every process). When the
 * account has one, the claim looks `lookahead` texts further; a capped campaign's texts beyond its
 * whole tokens are not leased but step aside — each given the next free moment of the campaign's
 * schedule (one every 1/rate s after the bucket's `reserved_until`, which moves past them), so a
 * backlog is spread over time once rather than pushed again at every claim — and one-to-one texts
 * and other campaigns behind them are reached. Without capped campaigns there is no look-ahead.
 *
 * Fair share (issue 9): the number's due one-to-one texts (campaign_id null) are claimed first, the
 * remaining tokens go to campaign texts, oldest first — a campaign's backlog (uncapped too) never
 * holds up a one-to-one text on its number. Two index-ordered scans, each with its LIMIT, no sort
 * over the backlog: one-to-one texts through messages_direct_queue_idx, campaign texts through
 * messages_queue_idx (they step over the due one-to-one texts only).
 *
 * Sending holds (src/modules/trust-safety): an account with an active hold gets only its keyword
 * replies claimed (STOP/HELP confirmations go even then: messages_keyword_queue_idx), none when it is
 * terminated; each row says `held`. The hand-over re-checks under the hold lock (`gateAtHandOver`).
 * (The campaigns and campaign_buckets rows are read here, on the hot path, rather than through the
 * campaigns module, which depends on this one.)
 */
export async function claimDue(q: RawQuery, accountId: string, numberId: string, max: number, leaseSeconds: number, lookahead = CAMPAIGN_LOOKAHEAD): Promise<Claimed[]> {
  const { rows } = await q<Claimed>(
    `with b as (
       select least(greatest(r.mps, 1), b.tokens + extract(epoch from (now() - b.refilled_at)) * r.mps) as tokens
       from sender_buckets b join phone_numbers n on n.account_id = b.account_id and n.id = b.number_id
       left join account_enforcement e on e.account_id = b.account_id
       cross join lateral (select least(n.mps, coalesce(e.throttle_mps, n.mps)) as mps) r
       where b.account_id = $1 and b.number_id = $2 for update of b),
     h as (select exists (select 1 from sending_holds h where h.account_id = $1 and h.lifted_at is null) as held),
     n as (select case when (select held from h) and exists (select 1 from accounts a where a.id = $1 and a.status = 'terminated') then 0
                  else greatest(0, least($3::int, floor((select tokens from b)))) end::int as n, (select held from h) as held),
     d as (
       select id, claimed_until, campaign_id, next_attempt_at from messages
       where account_id = $1 and number_id = $2 and status in ('scheduled', 'queued') and campaign_id is null and next_attempt_at <= now() and (claimed_until is null or claimed_until <= now())
       order by next_attempt_at
       limit case when (select held from n) then 0 else (select n from n) end
       for update skip locked),
     dk as (
       select id, claimed_until, campaign_id, next_attempt_at from messages
       where account_id = $1 and number_id = $2 and status in ('scheduled', 'queued') and kind = 'keyword_reply' and ${STATUTORY_SQL('messages')} and next_attempt_at <= now() and (claimed_until is null or claimed_until <= now())
       order by next_attempt_at
       limit case when (select held from n) then (select n from n) else 0 end
       for update skip locked),
     k0 as (
       select id, claimed_until, campaign_id, next_attempt_at from messages
       where account_id = $1 and number_id = $2 and status in ('scheduled', 'queued') and campaign_id is not null and next_attempt_at <= now() and (claimed_until is null or claimed_until <= now())
       order by next_attempt_at
       limit case when (select held from n) then 0 else (select n from n) - (select count(*) from d)
         + case when (select n from n) > 0 and exists (select 1 from campaign_buckets where account_id = $1) then $5::int else 0 end end
       for update skip locked),
     c0 as (select * from d union all select * from dk union all select * from k0),
     kb as (
       select kb.campaign_id, k.rate_limit as rate, greatest(now(), kb.reserved_until) as free_from,
         greatest(0, floor(least(greatest(k.rate_limit, 1), kb.tokens + extract(epoch from (now() - kb.refilled_at)) * k.rate_limit))) as allow,
         least(greatest(k.rate_limit, 1), kb.tokens + extract(epoch from (now() - kb.refilled_at)) * k.rate_limit) as tokens
       from campaign_buckets kb join campaigns k on k.account_id = kb.account_id and k.id = kb.campaign_id
       where kb.account_id = $1 and kb.campaign_id in (select campaign_id from c0 where campaign_id is not null) and k.rate_limit > 0
       order by kb.campaign_id for update of kb),
     r as (
       select c0.id, c0.claimed_until, c0.campaign_id, c0.next_attempt_at, kb.rate, kb.allow, kb.free_from,
         row_number() over (partition by c0.campaign_id order by c0.next_attempt_at, c0.id) as krn
       from c0 left join kb on kb.campaign_id = c0.campaign_id),
     c as (
       select id, claimed_until from r where r.rate is null or r.krn <= r.allow
       order by r.campaign_id is null desc, next_attempt_at, id limit (select n from n)),
     l as (
       update messages m set claimed_until = now() + make_interval(secs => $4), attempts = m.attempts + 1
       from c where m.account_id = $1 and m.id = c.id
       returning m.id, m.account_id, m.status, m."from", m."to", m.body, m.encoding, m.segments, m.kind, m.keyword, m.provider, m.attempts, m.media, m.campaign_id,
                 c.claimed_until is not null as taken_over, now() as claimed_at, (select held from n) as held),
     p as (
       update messages m set next_attempt_at = r.free_from + make_interval(secs => (r.krn - r.allow) / r.rate)
       from r where r.rate is not null and r.krn > r.allow and m.account_id = $1 and m.id = r.id),
     kbs as (
       update campaign_buckets u set tokens = kb.tokens - (select count(*) from l where l.campaign_id = kb.campaign_id), refilled_at = now(),
         reserved_until = kb.free_from + make_interval(secs => (select count(*) from r where r.campaign_id = kb.campaign_id and r.krn > r.allow) / kb.rate)
       from kb where u.account_id = $1 and u.campaign_id = kb.campaign_id),
     s as (
       update sender_buckets set tokens = (select tokens from b) - coalesce((select sum(segments) from l), 0), refilled_at = now()
       where account_id = $1 and number_id = $2)
     select * from l`,
    [accountId, numberId, max, leaseSeconds, lookahead],
  );
  return rows;
}

/** What the hand-over reads under the hold lock: an active hold, termination, and the billing row (null: none yet). */
export interface HandOverGate { held: boolean; terminated: boolean; billing: { prepaid: boolean | null; balance: number } | null }

/**
 * Sending holds and credits at hand-over (the STOP re-check's pattern), two statements: the first
 * takes the account's shared hold lock; the second — its snapshot taken after the lock was granted —
 * reads whether the account has an active hold, whether it is terminated (trust-safety sets
 * accounts.status with its hold, under the same lock) and its prepaid setting and balance (billing,
 * whose 'credits' hold is placed under the lock too). A hold is placed under the exclusive lock
 * (trust-safety holds.repo.ts `placeHold`, same key): either this re-check sees it, or the hold
 * waits until this hand-over's decision committed (the submission started before the hold existed).
 * Not one statement: on PostgreSQL (read committed) a statement's snapshot is taken when it starts,
 * before a lock it waits for inside is granted, so a hold committed during that wait would be missed.
 */
export async function gateAtHandOver(tx: Db, accountId: string): Promise<HandOverGate> {
  const q = txQuery(tx);
  // The key is the same expression as the trust-safety module's (holds.repo.ts HOLD_LOCK_SQL).
  await q(`select pg_advisory_xact_lock_shared(hashtextextended('sending_hold:' || $1::text, 0))`, [accountId]);
  const { rows: [r] } = await q<{ held: boolean; terminated: boolean; prepaid: boolean | null; balance_micros: unknown }>(
    `select exists (select 1 from sending_holds h where h.account_id = $1 and h.lifted_at is null) as held,
            exists (select 1 from accounts a where a.id = $1 and a.status = 'terminated') as terminated,
            b.prepaid, b.balance_micros
     from (select 1) one left join billing_accounts b on b.account_id = $1`,
    [accountId],
  );
  return { held: r.held, terminated: r.terminated, billing: r.balance_micros == null ? null : { prepaid: r.prepaid, balance: Number(r.balance_micros) } };
}

/**
 * Gives back claims the hand-over did not let go (a sending hold, termination, prepaid credits):
 * due again at once — for a held account, as soon as the hold is lifted (the dispatcher skips its
 * texts until then) — the attempt not spent. A taken-over claim (an
 * earlier worker may have handed it to the carrier) keeps a lease end, so the claim after the hold
 * still knows it was taken over (never resubmitted where a carrier has no idempotency) — an expired
 * one (now), so the message is due again at once.
 */
export async function giveBackHeld(tx: Db, accountId: string, claims: Array<{ id: string; attempt: number; takenOver: boolean }>): Promise<void> {
  if (!claims.length) return;
  await txQuery(tx)(
    `update messages m set claimed_until = case when u.taken_over then now() else null end, next_attempt_at = now(), attempts = m.attempts - 1, updated_at = now()
     from unnest($2::uuid[], $3::int[], $4::boolean[]) as u(id, attempt, taken_over)
     where m.account_id = $1 and m.id = u.id and m.attempts = u.attempt and m.status in ('scheduled', 'queued')`,
    [accountId, claims.map((c) => c.id), claims.map((c) => c.attempt), claims.map((c) => c.takenOver)],
  );
}

/** Where a paused campaign's texts wait (the same moment the campaigns module holds them at). */
export const CAMPAIGN_HELD_UNTIL = new Date('2100-01-01T00:00:00Z');

/** The campaigns of a claim that must not go now: paused or canceled (read in the hand-over's transaction). */
export async function stoppedCampaigns(tx: Db, accountId: string, campaignIds: string[]): Promise<Map<string, 'paused' | 'canceled'>> {
  if (!campaignIds.length) return new Map();
  const { rows } = await txQuery(tx)<{ id: string; status: 'paused' | 'canceled' }>(
    `select id, status from campaigns where account_id = $1 and id = any($2::uuid[]) and status in ('paused', 'canceled')`, [accountId, campaignIds]);
  return new Map(rows.map((r) => [r.id, r.status]));
}

/** Gives back claims of a paused campaign's texts: held with its other waiting texts (resume re-times them), the attempt not spent. */
export async function holdClaims(tx: Db, accountId: string, claims: Array<{ id: string; attempt: number }>): Promise<void> {
  if (!claims.length) return;
  await txQuery(tx)(
    `update messages m set claimed_until = null, next_attempt_at = $4::timestamptz, attempts = m.attempts - 1, updated_at = now()
     from unnest($2::uuid[], $3::int[]) as u(id, attempt)
     where m.account_id = $1 and m.id = u.id and m.attempts = u.attempt and m.status in ('scheduled', 'queued')`,
    [accountId, claims.map((c) => c.id), claims.map((c) => c.attempt), CAMPAIGN_HELD_UNTIL.toISOString()],
  );
}

/** Each message's recipient time zone (the contact's, else the account's): the send window at hand-over. */
export async function recipientZones(tx: Db, accountId: string, ids: string[]): Promise<Map<string, string>> {
  const { rows } = await txQuery(tx)<{ id: string; zone: string }>(
    `select m.id, coalesce(c.time_zone, a.time_zone) as zone from messages m join accounts a on a.id = m.account_id
     left join contacts c on c.account_id = m.account_id and c.id = m.contact_id
     where m.account_id = $1 and m.id = any($2::uuid[])`,
    [accountId, ids],
  );
  return new Map(rows.map((r) => [r.id, r.zone]));
}

/** Gives back claims of marketing texts whose send window has closed: due again at its next opening, the attempt not spent. */
export async function deferClaims(tx: Db, accountId: string, claims: Array<{ id: string; attempt: number; at: Date }>): Promise<void> {
  if (!claims.length) return;
  await txQuery(tx)(
    `update messages m set claimed_until = null, next_attempt_at = u.at, attempts = m.attempts - 1, updated_at = now()
     from unnest($2::uuid[], $3::int[], $4::timestamptz[]) as u(id, attempt, at)
     where m.account_id = $1 and m.id = u.id and m.attempts = u.attempt and m.status in ('scheduled', 'queued')`,
    [accountId, claims.map((c) => c.id), claims.map((c) => c.attempt), claims.map((c) => c.at.toISOString())],
  );
}

export interface Deferral { id: string; accountId: string; attempt: number; errorCode: string; errorMessage: string; nextAttemptAt: Date }

/** A transient carrier refusal: the message stays in its status and is due again later (not a status change). Returns the ids deferred (still that claim). */
export async function deferAttempts(tx: Db, rows: Deferral[]): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const { rows: done } = await txQuery(tx)<{ id: string }>(
    `update messages m set next_attempt_at = u.next_at, claimed_until = null, error_code = u.code, error_message = u.message, updated_at = now()
     from unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::timestamptz[]) as u(account_id, id, attempt, code, message, next_at)
     where m.account_id = u.account_id and m.id = u.id and m.attempts = u.attempt and m.status in ('scheduled', 'queued')
     returning m.id`,
    [rows.map((r) => r.accountId), rows.map((r) => r.id), rows.map((r) => r.attempt), rows.map((r) => r.errorCode), rows.map((r) => r.errorMessage), rows.map((r) => r.nextAttemptAt.toISOString())],
  );
  return new Set(done.map((r) => r.id));
}
