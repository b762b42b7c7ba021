CREATE TABLE "provider_connections" (
	"account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"credentials" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text NOT NULL,
	"last_error_code" text,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"last_checked_at" timestamp with time zone,
	"webhook_token_hash" text NOT NULL,
	"webhook_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "provider_connections_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "connection_id" uuid;--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD COLUMN "connection_id" uuid;--> statement-breakpoint
ALTER TABLE "provider_connections" ADD CONSTRAINT "provider_connections_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provider_connections_account_idx" ON "provider_connections" USING btree ("account_id","created_at") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "provider_connections_webhook_idx" ON "provider_connections" USING btree ("webhook_token_hash");--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_connection_fk" FOREIGN KEY ("account_id","connection_id") REFERENCES "public"."provider_connections"("account_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "phone_numbers_connection_idx" ON "phone_numbers" USING btree ("account_id","connection_id") WHERE connection_id is not null;