-- Inbox search over the texts no longer waiting to be sent: a queued text's claim (a lease: its
-- next_attempt_at moves) and the write of its outcome are updates that cannot be HOT, and each
-- such update of a row in a GIN expression index computes its to_tsvector again and adds an entry
-- — about as much PostgreSQL CPU as the rest of the update. Left out while scheduled or queued, a
-- text gets one entry (when it is sent, failed or canceled) instead of three (insert, claim,
-- outcome); search finds the waiting ones through the queue index (conversations/search.repo.ts).
DROP INDEX IF EXISTS "messages_search_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "messages_search_idx" ON "messages" USING gin (to_tsvector('simple'::regconfig, wm_fold("body"))) WHERE "campaign_id" IS NULL AND "status" NOT IN ('scheduled', 'queued');
