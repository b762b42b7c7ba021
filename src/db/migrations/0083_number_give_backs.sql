CREATE TABLE "number_give_backs" (
	"account_id" uuid NOT NULL,
	"number_id" uuid PRIMARY KEY NOT NULL,
	"connection_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"credentials" text NOT NULL,
	"phone_number" text NOT NULL,
	"provider_ref" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "number_give_backs_due_idx" ON "number_give_backs" USING btree ("next_attempt_at");