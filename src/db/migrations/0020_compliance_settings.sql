CREATE TABLE "compliance_settings" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"send_hours_start" text,
	"send_hours_end" text,
	"sender_id" text DEFAULT 'first_message' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "compliance_settings" ADD CONSTRAINT "compliance_settings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;