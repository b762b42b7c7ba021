CREATE TABLE "billing_accounts" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"prepaid" boolean,
	"balance_micros" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"low_balance_micros" bigint,
	"low_notified_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_entries" (
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_micros" bigint NOT NULL,
	"balance_after_micros" bigint NOT NULL,
	"currency" text NOT NULL,
	"provider" text,
	"provider_ref" text,
	"description" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_entries_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "number_months" (
	"account_id" uuid NOT NULL,
	"number_id" uuid NOT NULL,
	"month" text NOT NULL,
	"sender_type" text NOT NULL,
	"country" text NOT NULL,
	"amount_micros" bigint NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "number_months_account_id_number_id_month_pk" PRIMARY KEY("account_id","number_id","month")
);
--> statement-breakpoint
CREATE TABLE "price_book" (
	"country" text NOT NULL,
	"sender_type" text NOT NULL,
	"unit" text NOT NULL,
	"price_micros" bigint NOT NULL,
	"currency" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "price_book_country_sender_type_unit_pk" PRIMARY KEY("country","sender_type","unit")
);
--> statement-breakpoint
CREATE TABLE "price_overrides" (
	"account_id" uuid NOT NULL,
	"country" text NOT NULL,
	"sender_type" text NOT NULL,
	"unit" text NOT NULL,
	"price_micros" bigint NOT NULL,
	"currency" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "price_overrides_account_id_country_sender_type_unit_pk" PRIMARY KEY("account_id","country","sender_type","unit")
);
--> statement-breakpoint
CREATE TABLE "usage_counters" (
	"account_id" uuid NOT NULL,
	"day" date NOT NULL,
	"country" text NOT NULL,
	"sender_type" text NOT NULL,
	"direction" text NOT NULL,
	"unit" text NOT NULL,
	"quantity" bigint NOT NULL,
	"amount_micros" bigint NOT NULL,
	"currency" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_counters_account_id_day_country_sender_type_direction_unit_pk" PRIMARY KEY("account_id","day","country","sender_type","direction","unit")
);
--> statement-breakpoint
ALTER TABLE "billing_accounts" ADD CONSTRAINT "billing_accounts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_months" ADD CONSTRAINT "number_months_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_overrides" ADD CONSTRAINT "price_overrides_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_counters" ADD CONSTRAINT "usage_counters_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_entries_account_idx" ON "credit_entries" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_entries_provider_uq" ON "credit_entries" USING btree ("account_id","provider","provider_ref") WHERE provider_ref is not null;