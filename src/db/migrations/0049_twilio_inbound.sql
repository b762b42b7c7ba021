CREATE TABLE "twilio_inbound_attempts" (
	"account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"delivery_id" uuid NOT NULL,
	"url" text NOT NULL,
	"status_code" integer,
	"response_excerpt" text,
	"error" text,
	"latency_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "twilio_inbound_attempts_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "twilio_inbound_deliveries" (
	"account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"number_id" uuid NOT NULL,
	"url" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"claimed_until" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"last_attempt_at" timestamp with time zone,
	"outcome" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "twilio_inbound_deliveries_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD COLUMN "twilio_sms_url" text;--> statement-breakpoint
ALTER TABLE "twilio_inbound_attempts" ADD CONSTRAINT "twilio_inbound_attempts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "twilio_inbound_attempts" ADD CONSTRAINT "twilio_inbound_attempts_delivery_fk" FOREIGN KEY ("account_id","delivery_id") REFERENCES "public"."twilio_inbound_deliveries"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "twilio_inbound_deliveries" ADD CONSTRAINT "twilio_inbound_deliveries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "twilio_inbound_attempts_delivery_idx" ON "twilio_inbound_attempts" USING btree ("account_id","delivery_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "twilio_inbound_deliveries_message_uq" ON "twilio_inbound_deliveries" USING btree ("account_id","message_id");--> statement-breakpoint
CREATE INDEX "twilio_inbound_deliveries_due_idx" ON "twilio_inbound_deliveries" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "twilio_inbound_deliveries_number_idx" ON "twilio_inbound_deliveries" USING btree ("account_id","number_id","created_at");