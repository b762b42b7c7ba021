CREATE TABLE "analytics_daily" (
	"account_id" uuid NOT NULL,
	"day" date NOT NULL,
	"number_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"delivered" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"segments_out" integer DEFAULT 0 NOT NULL,
	"segments_in" integer DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	"opt_ins" integer DEFAULT 0 NOT NULL,
	"opt_outs" integer DEFAULT 0 NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	"response_ms_sum" bigint DEFAULT 0 NOT NULL,
	"responses_5m" integer DEFAULT 0 NOT NULL,
	"responses_1h" integer DEFAULT 0 NOT NULL,
	"responses_24h" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_daily_account_id_day_number_id_campaign_id_pk" PRIMARY KEY("account_id","day","number_id","campaign_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_errors" (
	"account_id" uuid NOT NULL,
	"day" date NOT NULL,
	"number_id" uuid NOT NULL,
	"error_code" text NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_errors_account_id_day_number_id_error_code_pk" PRIMARY KEY("account_id","day","number_id","error_code")
);
--> statement-breakpoint
CREATE TABLE "analytics_open_inbound" (
	"account_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "analytics_open_inbound_account_id_conversation_id_pk" PRIMARY KEY("account_id","conversation_id")
);
--> statement-breakpoint
ALTER TABLE "analytics_daily" ADD CONSTRAINT "analytics_daily_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_errors" ADD CONSTRAINT "analytics_errors_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_open_inbound" ADD CONSTRAINT "analytics_open_inbound_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_daily_campaign_idx" ON "analytics_daily" USING btree ("account_id","campaign_id","day") WHERE campaign_id <> '00000000-0000-0000-0000-000000000000';