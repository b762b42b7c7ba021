ALTER TABLE "campaign_recipients" ADD COLUMN "variant" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "variants" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "ab_test" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "winner_variant" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "winner_picked_at" timestamp with time zone;