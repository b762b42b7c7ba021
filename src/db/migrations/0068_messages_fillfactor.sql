-- A dispatcher's claim writes only claimed_until and attempts, columns no index reads, so it can be
-- a HOT update (no new entry in any of the table's indexes) — if the claimed row's new version fits
-- on its page. A claim leases a sender's due texts in queue order, which is mostly the order they
-- were written in, so it updates every row of a page in one statement; at fillfactor 50 a page
-- written by inserts keeps room for a new version of each of its rows (dispatch bench, 100,000
-- texts: every claim HOT, at fillfactor 70 about 45 %). The write of the outcome changes indexed
-- columns (status, provider_message_id, sent_at) and is never HOT; it finds the room the claim's
-- pruned old versions leave. Applies to rows written from now on (no rewrite).
ALTER TABLE "messages" SET (fillfactor = 50);
