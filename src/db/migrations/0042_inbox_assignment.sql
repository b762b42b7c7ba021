CREATE TABLE "agent_settings" (
	"account_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"availability" text DEFAULT 'online' NOT NULL,
	"capacity" integer,
	"last_assigned_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_settings_account_id_user_id_pk" PRIMARY KEY("account_id","user_id"),
	CONSTRAINT "agent_settings_availability_ck" CHECK (availability in ('online', 'away', 'offline')),
	CONSTRAINT "agent_settings_capacity_ck" CHECK (capacity is null or capacity between 0 and 1000)
);
--> statement-breakpoint
CREATE TABLE "inbox_settings" (
	"account_id" uuid NOT NULL,
	"auto_assign" boolean DEFAULT false NOT NULL,
	"reassign_after_minutes" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_settings_account_id_pk" PRIMARY KEY("account_id"),
	CONSTRAINT "inbox_settings_reassign_ck" CHECK (reassign_after_minutes is null or reassign_after_minutes between 1 and 10080)
);
--> statement-breakpoint
ALTER TABLE "agent_settings" ADD CONSTRAINT "agent_settings_membership_fk" FOREIGN KEY ("account_id","user_id") REFERENCES "public"."memberships"("account_id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_settings" ADD CONSTRAINT "inbox_settings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;