-- Message history moves into the outbox: one message.status_changed row per recorded status, oldest first.
INSERT INTO "outbox" ("account_id", "type", "subject_id", "payload", "created_at")
  SELECT "account_id", 'message.status_changed', "message_id",
         jsonb_build_object('status', "status", 'from', lag("status") OVER (PARTITION BY "account_id", "message_id" ORDER BY "id"), 'errorCode', "error_code", 'source', "source"),
         "at"
  FROM "message_events" ORDER BY "id";
--> statement-breakpoint
-- Consent events of the old table carry over; message events are already in the history above.
INSERT INTO "outbox" ("account_id", "type", "subject_id", "payload", "created_at")
  SELECT "account_id", "type", ("payload"->>'contactId')::uuid, "payload", "created_at"
  FROM "events" WHERE "type" IN ('contact.opted_out', 'contact.opted_in') ORDER BY "id";
--> statement-breakpoint
DROP TABLE "events" CASCADE;--> statement-breakpoint
DROP TABLE "message_events" CASCADE;--> statement-breakpoint
-- A claim is now a lease on a queued message, not the status 'sending': claims in flight become leases.
UPDATE "messages" SET "status" = 'queued', "next_attempt_at" = coalesce("claimed_until", now()) WHERE "status" = 'sending';
--> statement-breakpoint
-- The simulated carrier's ledger learns the submitting account of what it already holds (receipts go back there).
UPDATE "simulator_messages" s SET "account_id" = m."account_id" FROM "messages" m WHERE s."account_id" IS NULL AND m."id"::text = s."reference";
--> statement-breakpoint
DROP INDEX "messages_queue_idx";--> statement-breakpoint
CREATE INDEX "messages_queue_idx" ON "messages" USING btree ("account_id","number_id","next_attempt_at") WHERE status in ('scheduled', 'queued');
--> statement-breakpoint
-- Outbox events are append-only (DESIGN).
CREATE TRIGGER outbox_no_update BEFORE UPDATE OR DELETE ON "outbox" FOR EACH ROW EXECUTE FUNCTION append_only();
