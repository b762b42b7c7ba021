ALTER TABLE "imports" ADD COLUMN "runner_token" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "heartbeat_at" timestamp with time zone;