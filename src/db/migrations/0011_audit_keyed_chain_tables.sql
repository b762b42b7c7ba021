-- Audit chain keyed and tenant-keyed (issue 7, finding 6). The unkeyed chain cannot be
-- converted (recomputing its hashes with the new key would be exactly the forgery the key
-- prevents) and nothing shipped with it, so its tables are replaced.
DROP TABLE "audit_chain_heads" CASCADE;--> statement-breakpoint
DROP TABLE "audit_events" CASCADE;--> statement-breakpoint
DROP FUNCTION IF EXISTS audit_events_append_only();--> statement-breakpoint
CREATE TABLE "audit_events" (
	"account_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"id" uuid NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_label" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"ip" text,
	"user_agent" text,
	"details" text DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_events_account_id_seq_pk" PRIMARY KEY("account_id","seq")
);
--> statement-breakpoint
CREATE TABLE "audit_heads" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_audit_events" (
	"chain" text NOT NULL,
	"seq" bigint NOT NULL,
	"id" uuid NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_label" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"ip" text,
	"user_agent" text,
	"details" text DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "platform_audit_events_chain_seq_pk" PRIMARY KEY("chain","seq")
);
--> statement-breakpoint
CREATE TABLE "platform_audit_heads" (
	"chain" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_heads" ADD CONSTRAINT "audit_heads_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint

-- What the database enforces. It cannot check an entry's HMAC (it does not hold the key);
-- it keeps every chain linear: an insert must carry seq = head.seq + 1 and
-- prev_hash = head.hash, and then moves the head; a head moves only one step, to an entry
-- that links to it; nothing is updated, deleted or truncated. A superuser can switch
-- triggers off: the HMAC and the owner's signed checkpoint are what reveal that.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE FUNCTION audit_events_extend() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_hash text;
BEGIN
  SELECT seq, hash INTO head_seq, head_hash FROM audit_heads WHERE account_id = NEW.account_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO audit_heads (account_id, seq, hash) VALUES (NEW.account_id, 0, repeat('0', 64)) ON CONFLICT DO NOTHING;
    SELECT seq, hash INTO head_seq, head_hash FROM audit_heads WHERE account_id = NEW.account_id FOR UPDATE;
  END IF;
  IF NEW.seq IS DISTINCT FROM head_seq + 1 OR NEW.prev_hash IS DISTINCT FROM head_hash THEN
    RAISE EXCEPTION 'audit entry does not extend the chain (expected seq % and the head''s hash)', head_seq + 1
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION audit_events_move_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE audit_heads SET seq = NEW.seq, hash = NEW.hash WHERE account_id = NEW.account_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION audit_heads_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.seq <> 0 OR NEW.hash <> repeat('0', 64) THEN
      RAISE EXCEPTION 'a new audit head starts at the genesis' USING ERRCODE = 'check_violation';
    END IF;
  ELSIF NEW.account_id IS DISTINCT FROM OLD.account_id OR NEW.seq IS DISTINCT FROM OLD.seq + 1 OR NOT EXISTS (
    SELECT 1 FROM audit_events e
    WHERE e.account_id = NEW.account_id AND e.seq = NEW.seq AND e.hash = NEW.hash AND e.prev_hash = OLD.hash
  ) THEN
    RAISE EXCEPTION 'an audit head moves only by appending an entry' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION platform_audit_events_extend() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_hash text;
BEGIN
  SELECT seq, hash INTO head_seq, head_hash FROM platform_audit_heads WHERE chain = NEW.chain FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO platform_audit_heads (chain, seq, hash) VALUES (NEW.chain, 0, repeat('0', 64)) ON CONFLICT DO NOTHING;
    SELECT seq, hash INTO head_seq, head_hash FROM platform_audit_heads WHERE chain = NEW.chain FOR UPDATE;
  END IF;
  IF NEW.seq IS DISTINCT FROM head_seq + 1 OR NEW.prev_hash IS DISTINCT FROM head_hash THEN
    RAISE EXCEPTION 'audit entry does not extend the chain (expected seq % and the head''s hash)', head_seq + 1
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION platform_audit_events_move_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE platform_audit_heads SET seq = NEW.seq, hash = NEW.hash WHERE chain = NEW.chain;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION platform_audit_heads_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.seq <> 0 OR NEW.hash <> repeat('0', 64) THEN
      RAISE EXCEPTION 'a new audit head starts at the genesis' USING ERRCODE = 'check_violation';
    END IF;
  ELSIF NEW.chain IS DISTINCT FROM OLD.chain OR NEW.seq IS DISTINCT FROM OLD.seq + 1 OR NOT EXISTS (
    SELECT 1 FROM platform_audit_events e
    WHERE e.chain = NEW.chain AND e.seq = NEW.seq AND e.hash = NEW.hash AND e.prev_hash = OLD.hash
  ) THEN
    RAISE EXCEPTION 'an audit head moves only by appending an entry' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_extend BEFORE INSERT ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_extend();--> statement-breakpoint
CREATE TRIGGER audit_events_move_head AFTER INSERT ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_move_head();--> statement-breakpoint
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_heads_guard BEFORE INSERT OR UPDATE ON "audit_heads" FOR EACH ROW EXECUTE FUNCTION audit_heads_guard();--> statement-breakpoint
CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON "audit_heads" FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON "audit_heads" FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();--> statement-breakpoint
CREATE TRIGGER platform_audit_events_extend BEFORE INSERT ON "platform_audit_events" FOR EACH ROW EXECUTE FUNCTION platform_audit_events_extend();--> statement-breakpoint
CREATE TRIGGER platform_audit_events_move_head AFTER INSERT ON "platform_audit_events" FOR EACH ROW EXECUTE FUNCTION platform_audit_events_move_head();--> statement-breakpoint
CREATE TRIGGER platform_audit_events_no_change BEFORE UPDATE OR DELETE ON "platform_audit_events" FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();--> statement-breakpoint
CREATE TRIGGER platform_audit_events_no_truncate BEFORE TRUNCATE ON "platform_audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();--> statement-breakpoint
CREATE TRIGGER platform_audit_heads_guard BEFORE INSERT OR UPDATE ON "platform_audit_heads" FOR EACH ROW EXECUTE FUNCTION platform_audit_heads_guard();--> statement-breakpoint
CREATE TRIGGER platform_audit_heads_no_delete BEFORE DELETE ON "platform_audit_heads" FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();--> statement-breakpoint
CREATE TRIGGER platform_audit_heads_no_truncate BEFORE TRUNCATE ON "platform_audit_heads" FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
