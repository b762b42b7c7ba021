CREATE TABLE "data_request_codes" (
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"phone" text,
	"phone_hash" text NOT NULL,
	"ip_hash" text,
	"contact_id" uuid,
	"code_hash" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_request_codes_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "data_request_events" (
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"reason" text,
	"actor_type" text NOT NULL,
	"actor_label" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_request_events_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "data_requests" (
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"type" text NOT NULL,
	"channel" text NOT NULL,
	"regime" text NOT NULL,
	"status" text NOT NULL,
	"verified_by" text,
	"phone" text,
	"phone_hash" text,
	"email" text,
	"contact_id" uuid,
	"note" text,
	"correction" jsonb,
	"received_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"extended_at" timestamp with time zone,
	"extension_reason" text,
	"denial_reason" text,
	"answer" text,
	"answer_channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"reminded_stage" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_requests_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
ALTER TABLE "data_request_codes" ADD CONSTRAINT "data_request_codes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_request_events" ADD CONSTRAINT "data_request_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_request_events" ADD CONSTRAINT "data_request_events_request_fk" FOREIGN KEY ("account_id","request_id") REFERENCES "public"."data_requests"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_requests" ADD CONSTRAINT "data_requests_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_request_codes_phone_idx" ON "data_request_codes" USING btree ("account_id","phone_hash","created_at");--> statement-breakpoint
CREATE INDEX "data_request_codes_ip_idx" ON "data_request_codes" USING btree ("account_id","ip_hash","created_at");--> statement-breakpoint
CREATE INDEX "data_request_events_request_idx" ON "data_request_events" USING btree ("account_id","request_id","at");--> statement-breakpoint
CREATE INDEX "data_requests_status_due_idx" ON "data_requests" USING btree ("account_id","status","due_at");--> statement-breakpoint
CREATE INDEX "data_requests_phone_idx" ON "data_requests" USING btree ("account_id","phone_hash");--> statement-breakpoint
CREATE INDEX "data_requests_open_due_idx" ON "data_requests" USING btree ("due_at") WHERE closed_at is null;