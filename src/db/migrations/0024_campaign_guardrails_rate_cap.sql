CREATE TABLE "campaign_buckets" (
	"account_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"tokens" real NOT NULL,
	"refilled_at" timestamp with time zone NOT NULL,
	CONSTRAINT "campaign_buckets_account_id_campaign_id_pk" PRIMARY KEY("account_id","campaign_id")
);
--> statement-breakpoint
ALTER TABLE "campaign_settings" ADD COLUMN "opt_out_rate" real DEFAULT 0.05;--> statement-breakpoint
ALTER TABLE "campaign_settings" ADD COLUMN "filtered_rate" real DEFAULT 0.05;--> statement-breakpoint
ALTER TABLE "campaign_settings" ADD COLUMN "failure_rate" real DEFAULT 0.2;--> statement-breakpoint
ALTER TABLE "campaign_settings" ADD COLUMN "guardrail_min_sample" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_settings" ADD COLUMN "guardrail_window_minutes" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_settings" ADD COLUMN "default_rate_limit" real;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "rate_limit" real;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "paused_reason" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "paused_details" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaign_buckets" ADD CONSTRAINT "campaign_buckets_campaign_fk" FOREIGN KEY ("account_id","campaign_id") REFERENCES "public"."campaigns"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_events_opt_out_idx" ON "consent_events" USING btree ("account_id","occurred_at") WHERE kind = 'opt_out';--> statement-breakpoint
CREATE INDEX "messages_campaign_sent_idx" ON "messages" USING btree ("account_id","campaign_id","sent_at") WHERE campaign_id is not null and sent_at is not null;--> statement-breakpoint
CREATE INDEX "messages_campaign_failed_idx" ON "messages" USING btree ("account_id","campaign_id","updated_at") WHERE campaign_id is not null and status in ('failed', 'undelivered');