CREATE TABLE "growth_throttle" (
	"account_id" uuid NOT NULL,
	"key" text NOT NULL,
	"count" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	CONSTRAINT "growth_throttle_account_id_key_pk" PRIMARY KEY("account_id","key")
);
--> statement-breakpoint
CREATE TABLE "join_keywords" (
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"number_id" uuid,
	"word" text NOT NULL,
	"program_name" text NOT NULL,
	"frequency" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"double_opt_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "join_keywords_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "pending_opt_ins" (
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"source" text NOT NULL,
	"confirm_by" text NOT NULL,
	"code_hash" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"keyword_id" uuid,
	"form_id" uuid,
	"number_id" uuid,
	"program_name" text NOT NULL,
	"frequency" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "pending_opt_ins_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "signup_form_routes" (
	"slug" text PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"form_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signup_forms" (
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"consent_wording" text NOT NULL,
	"program_name" text NOT NULL,
	"frequency" text NOT NULL,
	"confirm_by" text DEFAULT 'code' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"number_id" uuid,
	"embed_origins" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signup_forms_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
ALTER TABLE "growth_throttle" ADD CONSTRAINT "growth_throttle_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "join_keywords" ADD CONSTRAINT "join_keywords_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "join_keywords" ADD CONSTRAINT "join_keywords_number_fk" FOREIGN KEY ("account_id","number_id") REFERENCES "public"."phone_numbers"("account_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_opt_ins" ADD CONSTRAINT "pending_opt_ins_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_opt_ins" ADD CONSTRAINT "pending_opt_ins_contact_fk" FOREIGN KEY ("account_id","contact_id") REFERENCES "public"."contacts"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signup_form_routes" ADD CONSTRAINT "signup_form_routes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signup_forms" ADD CONSTRAINT "signup_forms_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signup_forms" ADD CONSTRAINT "signup_forms_number_fk" FOREIGN KEY ("account_id","number_id") REFERENCES "public"."phone_numbers"("account_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "join_keywords_account_word_uq" ON "join_keywords" USING btree ("account_id","word") WHERE number_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "join_keywords_number_word_uq" ON "join_keywords" USING btree ("account_id","number_id","word") WHERE number_id is not null;--> statement-breakpoint
CREATE INDEX "pending_opt_ins_open_idx" ON "pending_opt_ins" USING btree ("account_id","phone","expires_at") WHERE closed_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "signup_forms_account_uq" ON "signup_forms" USING btree ("account_id");