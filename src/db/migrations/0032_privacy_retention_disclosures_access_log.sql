CREATE TABLE "audit_access_pending" (
	"account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_label" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"ip" text,
	"user_agent" text,
	"details" text DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_access_pending_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "retention_settings" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"message_body_days" integer,
	"upload_days" integer,
	"inactive_contact_months" integer,
	"export_days" integer,
	"last_run_at" timestamp with time zone,
	"last_run" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "business_transfers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subject_account_id" uuid,
	"acquirer" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"effective_on" date NOT NULL,
	"recorded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_request_accounts" (
	"account_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"notice_sent_at" timestamp with time zone,
	CONSTRAINT "legal_request_accounts_account_id_request_id_pk" PRIMARY KEY("account_id","request_id")
);
--> statement-breakpoint
CREATE TABLE "legal_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"authority" text NOT NULL,
	"legal_basis" text NOT NULL,
	"scope" text NOT NULL,
	"received_on" date NOT NULL,
	"outcome" text NOT NULL,
	"disclosed" text NOT NULL,
	"ndo" text DEFAULT 'none' NOT NULL,
	"ndo_until" date,
	"recorded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfer_notices" (
	"account_id" uuid NOT NULL,
	"transfer_id" uuid NOT NULL,
	"show_until" timestamp with time zone NOT NULL,
	"emailed_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfer_notices_account_id_transfer_id_pk" PRIMARY KEY("account_id","transfer_id")
);
--> statement-breakpoint
ALTER TABLE "audit_access_pending" ADD CONSTRAINT "audit_access_pending_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_settings" ADD CONSTRAINT "retention_settings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_request_accounts" ADD CONSTRAINT "legal_request_accounts_request_id_legal_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."legal_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_notices" ADD CONSTRAINT "transfer_notices_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_notices" ADD CONSTRAINT "transfer_notices_transfer_id_business_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."business_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_notices" ADD CONSTRAINT "transfer_notices_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "legal_request_accounts_request_idx" ON "legal_request_accounts" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "legal_requests_received_idx" ON "legal_requests" USING btree ("received_on");--> statement-breakpoint
CREATE INDEX "transfer_notices_transfer_idx" ON "transfer_notices" USING btree ("transfer_id");