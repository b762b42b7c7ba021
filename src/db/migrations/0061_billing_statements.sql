CREATE TABLE "billing_statements" (
	"account_id" uuid NOT NULL,
	"month" text NOT NULL,
	"statement_no" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"currency" text NOT NULL,
	"usage_total_micros" bigint NOT NULL,
	"payments_total_micros" bigint NOT NULL,
	"opening_balance_micros" bigint NOT NULL,
	"closing_balance_micros" bigint NOT NULL,
	"content" jsonb NOT NULL,
	CONSTRAINT "billing_statements_account_id_month_pk" PRIMARY KEY("account_id","month")
);
--> statement-breakpoint
ALTER TABLE "billing_statements" ADD CONSTRAINT "billing_statements_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;