ALTER TABLE "analytics_daily" ADD COLUMN "hour" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "analytics_errors" ADD COLUMN "hour" timestamp with time zone;--> statement-breakpoint
-- Rows rolled up before hours were the key are UTC days: each goes to 12:00 UTC of its day, which is that same date in every zone from UTC−12 to UTC+11.
UPDATE "analytics_daily" SET "hour" = ("day"::timestamp + interval '12 hours') AT TIME ZONE 'UTC';--> statement-breakpoint
UPDATE "analytics_errors" SET "hour" = ("day"::timestamp + interval '12 hours') AT TIME ZONE 'UTC';
