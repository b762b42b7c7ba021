DROP INDEX "analytics_daily_campaign_idx";--> statement-breakpoint
ALTER TABLE "analytics_daily" DROP CONSTRAINT "analytics_daily_account_id_day_number_id_campaign_id_pk";--> statement-breakpoint
ALTER TABLE "analytics_errors" DROP CONSTRAINT "analytics_errors_account_id_day_number_id_error_code_pk";--> statement-breakpoint
ALTER TABLE "analytics_daily" ALTER COLUMN "hour" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_errors" ALTER COLUMN "hour" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_daily" ADD CONSTRAINT "analytics_daily_pk" PRIMARY KEY("account_id","hour","number_id","campaign_id");--> statement-breakpoint
ALTER TABLE "analytics_errors" ADD CONSTRAINT "analytics_errors_pk" PRIMARY KEY("account_id","hour","number_id","error_code");--> statement-breakpoint
CREATE INDEX "analytics_daily_campaign_idx" ON "analytics_daily" USING btree ("account_id","campaign_id","hour") WHERE campaign_id <> '00000000-0000-0000-0000-000000000000';--> statement-breakpoint
ALTER TABLE "analytics_daily" DROP COLUMN "day";--> statement-breakpoint
ALTER TABLE "analytics_errors" DROP COLUMN "day";