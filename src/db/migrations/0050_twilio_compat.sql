CREATE TABLE "twilio_auth_tokens" (
	"account_id" uuid NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "twilio_auth_tokens_account_id_pk" PRIMARY KEY("account_id")
);
--> statement-breakpoint
CREATE TABLE "twilio_messages" (
	"account_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"pool_id" uuid,
	"status_callback" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "twilio_messages_account_id_message_id_pk" PRIMARY KEY("account_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "twilio_status_callbacks" (
	"account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"outbox_event_id" bigint NOT NULL,
	"message_status" text NOT NULL,
	"error_code" text,
	"url" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"claimed_until" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"last_attempt_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "twilio_status_callbacks_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "twilio_account_sid" text DEFAULT 'AC' || replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "twilio_sid" text DEFAULT 'SK' || replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "twilio_auth_tokens" ADD CONSTRAINT "twilio_auth_tokens_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "twilio_messages" ADD CONSTRAINT "twilio_messages_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "twilio_status_callbacks" ADD CONSTRAINT "twilio_status_callbacks_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "twilio_status_callbacks_event_uq" ON "twilio_status_callbacks" USING btree ("account_id","outbox_event_id");--> statement-breakpoint
CREATE INDEX "twilio_status_callbacks_due_idx" ON "twilio_status_callbacks" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "twilio_status_callbacks_message_idx" ON "twilio_status_callbacks" USING btree ("account_id","message_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_twilio_sid_uq" ON "accounts" USING btree ("twilio_account_sid");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_twilio_sid_uq" ON "api_keys" USING btree ("account_id","twilio_sid");--> statement-breakpoint
CREATE INDEX "api_keys_twilio_sid_idx" ON "api_keys" USING btree ("twilio_sid");