CREATE TABLE "memberships" (
	"account_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_account_id_user_id_pk" PRIMARY KEY("account_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "number_routes" (
	"phone_number" text PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"number_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"account_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tx_id" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL,
	"type" text NOT NULL,
	"subject_id" uuid,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "outbox_positions" (
	"consumer" text PRIMARY KEY NOT NULL,
	"tx_id" bigint DEFAULT 0 NOT NULL,
	"event_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- A person's role in their one account becomes their first membership.
INSERT INTO "memberships" ("account_id", "user_id", "role", "created_at", "updated_at")
  SELECT "account_id", "id", "role", "created_at", "updated_at" FROM "users";
--> statement-breakpoint
INSERT INTO "number_routes" ("phone_number", "account_id", "number_id", "created_at")
  SELECT "phone_number", "account_id", "id", "created_at" FROM "phone_numbers" WHERE "released_at" IS NULL;
--> statement-breakpoint
-- Early receipts name no account and cannot be attributed safely; the carrier's next report brings them again.
DELETE FROM "early_receipts";
--> statement-breakpoint
ALTER TABLE "password_resets" DROP CONSTRAINT "password_resets_account_id_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_account_id_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "import_errors" DROP CONSTRAINT "import_errors_import_id_imports_id_fk";
--> statement-breakpoint
ALTER TABLE "imports" DROP CONSTRAINT "imports_upload_id_uploads_id_fk";
--> statement-breakpoint
ALTER TABLE "upload_chunks" DROP CONSTRAINT "upload_chunks_upload_id_uploads_id_fk";
--> statement-breakpoint
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_contact_id_contacts_id_fk";
--> statement-breakpoint
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_number_id_phone_numbers_id_fk";
--> statement-breakpoint
ALTER TABLE "sender_buckets" DROP CONSTRAINT "sender_buckets_number_id_phone_numbers_id_fk";
--> statement-breakpoint
DROP INDEX "consent_attestations_account_idx";--> statement-breakpoint
DROP INDEX "password_resets_account_idx";--> statement-breakpoint
DROP INDEX "sessions_account_user_idx";--> statement-breakpoint
DROP INDEX "users_account_idx";--> statement-breakpoint
DROP INDEX "import_errors_account_idx";--> statement-breakpoint
DROP INDEX "upload_chunks_account_idx";--> statement-breakpoint
DROP INDEX "early_receipts_uq";--> statement-breakpoint
DROP INDEX "api_keys_hash_uq";--> statement-breakpoint
DROP INDEX "invitations_token_uq";--> statement-breakpoint
DROP INDEX "messages_provider_uq";--> statement-breakpoint
DROP INDEX "phone_numbers_live_uq";--> statement-breakpoint
ALTER TABLE "import_errors" DROP CONSTRAINT "import_errors_import_id_row_number_reason_pk";--> statement-breakpoint
ALTER TABLE "upload_chunks" DROP CONSTRAINT "upload_chunks_upload_id_seq_pk";--> statement-breakpoint
ALTER TABLE "early_receipts" ADD COLUMN "account_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "simulator_messages" ADD COLUMN "account_id" uuid;--> statement-breakpoint
ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_pkey";--> statement-breakpoint
ALTER TABLE "consent_attestations" DROP CONSTRAINT "consent_attestations_pkey";--> statement-breakpoint
ALTER TABLE "invitations" DROP CONSTRAINT "invitations_pkey";--> statement-breakpoint
ALTER TABLE "policy_acceptances" DROP CONSTRAINT "policy_acceptances_pkey";--> statement-breakpoint
ALTER TABLE "consent_events" DROP CONSTRAINT "consent_events_pkey";--> statement-breakpoint
ALTER TABLE "contacts" DROP CONSTRAINT "contacts_pkey";--> statement-breakpoint
ALTER TABLE "custom_fields" DROP CONSTRAINT "custom_fields_pkey";--> statement-breakpoint
ALTER TABLE "imports" DROP CONSTRAINT "imports_pkey";--> statement-breakpoint
ALTER TABLE "segments" DROP CONSTRAINT "segments_pkey";--> statement-breakpoint
ALTER TABLE "uploads" DROP CONSTRAINT "uploads_pkey";--> statement-breakpoint
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_pkey";--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_pkey";--> statement-breakpoint
ALTER TABLE "phone_numbers" DROP CONSTRAINT "phone_numbers_pkey";--> statement-breakpoint
ALTER TABLE "sender_buckets" DROP CONSTRAINT "sender_buckets_pkey";--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_account_id_id_pk" PRIMARY KEY("account_id","id");--> statement-breakpoint
ALTER TABLE "consent_attestations" ADD CONSTRAINT "consent_attestations_account_id_id_pk" PRIMARY KEY("account_id","id");--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_account_id_id_pk" PRIMARY KEY("account_id","id");--> statement-breakpoint
ALTER TABLE "policy_acceptances" ADD CONSTRAINT "policy_acceptances_account_id_id_pk" PRIMARY KEY("account_id","id");--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_account_id_id_pk" PRIMARY KEY("account_id","id");--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_account_id_id_pk" PRIMARY KEY("account_id","id");--> statement-breakpoint
ALTER TABLE "custom_fields" ADD CONSTRAINT "custom_fields_account_id_id_pk" PRIMARY KEY("account_id","id");--> statement-breakpoint
ALTER TABLE "import_errors" ADD CONSTRAINT "import_errors_account_id_import_id_row_number_reason_pk" PRIMARY KEY("account_id","import_id","row_number","reason");--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_account_id_id_pk" PRIMARY KEY("account_id","id");--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_account_id_id_pk" PRIMARY KEY("account_id","id");--> statement-breakpoint
ALTER TABLE "upload_chunks" ADD CONSTRAINT "upload_chunks_account_id_upload_id_seq_pk" PRIMARY KEY("account_id","upload_id","seq");--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_account_id_id_pk" PRIMARY KEY("account_id","id");--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_account_id_id_pk" PRIMARY KEY("account_id","id");--> statement-breakpoint
ALTER TABLE "early_receipts" ADD CONSTRAINT "early_receipts_account_id_provider_provider_message_id_status_pk" PRIMARY KEY("account_id","provider","provider_message_id","status");--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_account_id_id_pk" PRIMARY KEY("account_id","id");--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_account_id_id_pk" PRIMARY KEY("account_id","id");--> statement-breakpoint
ALTER TABLE "sender_buckets" ADD CONSTRAINT "sender_buckets_account_id_number_id_pk" PRIMARY KEY("account_id","number_id");--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_routes" ADD CONSTRAINT "number_routes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "outbox_tx_idx" ON "outbox" USING btree ("tx_id","id");--> statement-breakpoint
CREATE INDEX "outbox_account_tx_idx" ON "outbox" USING btree ("account_id","tx_id","id");--> statement-breakpoint
CREATE INDEX "outbox_subject_idx" ON "outbox" USING btree ("account_id","subject_id","id");--> statement-breakpoint
ALTER TABLE "import_errors" ADD CONSTRAINT "import_errors_import_fk" FOREIGN KEY ("account_id","import_id") REFERENCES "public"."imports"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_upload_fk" FOREIGN KEY ("account_id","upload_id") REFERENCES "public"."uploads"("account_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_chunks" ADD CONSTRAINT "upload_chunks_upload_fk" FOREIGN KEY ("account_id","upload_id") REFERENCES "public"."uploads"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_contact_fk" FOREIGN KEY ("account_id","contact_id") REFERENCES "public"."contacts"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_number_fk" FOREIGN KEY ("account_id","number_id") REFERENCES "public"."phone_numbers"("account_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sender_buckets" ADD CONSTRAINT "sender_buckets_number_fk" FOREIGN KEY ("account_id","number_id") REFERENCES "public"."phone_numbers"("account_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_hash_idx" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "invitations_token_idx" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "password_resets_user_idx" ON "password_resets" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_uq" ON "api_keys" USING btree ("account_id","key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_uq" ON "invitations" USING btree ("account_id","token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_provider_uq" ON "messages" USING btree ("account_id","provider","provider_message_id") WHERE provider_message_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "phone_numbers_live_uq" ON "phone_numbers" USING btree ("account_id","phone_number") WHERE released_at is null;--> statement-breakpoint
ALTER TABLE "password_resets" DROP COLUMN "account_id";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "account_id";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "role";