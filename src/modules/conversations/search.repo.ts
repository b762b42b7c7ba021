/**
 * Full-text search of the inbox, accent- and case-insensitive on PGlite and PostgreSQL alike:
 * `wm_fold(text)` (migration 0046: lower() over a translate() of Latin letters with accents,
 * IMMUTABLE so indexes can use it) folds both sides. A conversation matches when its contact's
 * name or email contains the text, its number contains the digits typed, or one of its messages
 * (not campaign texts) has every word typed as a word prefix — through the GIN index
 * messages_search_idx over to_tsvector('simple', wm_fold(body)) of the texts no longer waiting to be sent
 * (migration 0064: a queued text's claim and the write of its outcome would each add a GIN entry).
 */
const like = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** The words of a search as a prefix tsquery ("jose gar" → "jose:* & gar:*"); null when it has none. */
export function prefixQuery(text: string): string | null {
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/** The digits of a search that looks like (part of) a phone number, else null. */
export function phoneDigits(text: string): string | null {
  const digits = text.replace(/\D/g, '');
  return digits.length >= 3 && /^[\d\s()+.-]+$/.test(text.trim()) ? digits : null;
}

/**
 * A ConversationFilter `extra` condition (alias `c`) for a search of this account's inbox. `masked`:
 * the contact fields hidden from the caller (a partner grant's `name`, `email`, `phone`) are not
 * searched — a match on them would tell the value the response masks, a substring at a time.
 */
export function conversationSearch(accountId: string | null, search: string, masked: readonly string[] = []) {
  const text = search.trim();
  return (param: (v: unknown) => string): string => {
    const contact: string[] = [];
    if (!masked.includes('name') || !masked.includes('email')) {
      const pattern = param(like(text));
      if (!masked.includes('name')) contact.push(`wm_fold(coalesce(ct.first_name, '') || ' ' || coalesce(ct.last_name, '')) like wm_fold(${pattern})`);
      if (!masked.includes('email')) contact.push(`wm_fold(coalesce(ct.email, '')) like wm_fold(${pattern})`);
    }
    const digits = masked.includes('phone') ? null : phoneDigits(text);
    if (digits) contact.push(`ct.phone like ${param(like(digits))}`);
    const q = prefixQuery(text);
    if (!contact.length && !q) return 'false'; // nothing the caller may search (every parameter numbered must be used)
    // The account as a parameter (not c.account_id) so the subqueries run once, not per conversation.
    const acct = accountId ? `${param(accountId)}::uuid` : 'c.account_id';
    const parts = contact.length ? [`c.contact_id in (select ct.id from contacts ct where ct.account_id = ${acct} and (${contact.join(' or ')}))`] : [];
    if (q) {
      // Texts past the queue through messages_search_idx; texts still waiting to go (scheduled, queued: few, and
      // left out of that index so a dispatcher's claim of a queued text writes no GIN entry) through the queue index.
      const words = `to_tsvector('simple'::regconfig, wm_fold(m.body)) @@ to_tsquery('simple'::regconfig, wm_fold(${param(q)}))`;
      const mine = `m.account_id = ${acct} and m.campaign_id is null and m.conversation_id is not null`;
      parts.push(`c.id in (select m.conversation_id from messages m where ${mine} and m.status not in ('scheduled', 'queued') and ${words}
        union all select m.conversation_id from messages m where ${mine} and m.status in ('scheduled', 'queued') and ${words})`);
    }
    return parts.join(' or ');
  };
}
