CREATE TABLE "number_pool_members" (
	"account_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"number_id" uuid NOT NULL,
	"assigned" integer DEFAULT 0 NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "number_pool_members_account_id_pool_id_number_id_pk" PRIMARY KEY("account_id","pool_id","number_id")
);
--> statement-breakpoint
CREATE TABLE "number_pools" (
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "number_pools_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "pool_senders" (
	"account_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"number_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pool_senders_account_id_pool_id_contact_id_pk" PRIMARY KEY("account_id","pool_id","contact_id")
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "pool_id" uuid;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "schedule_local_time" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "schedule_local_date" text;--> statement-breakpoint
ALTER TABLE "number_pool_members" ADD CONSTRAINT "number_pool_members_pool_fk" FOREIGN KEY ("account_id","pool_id") REFERENCES "public"."number_pools"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_pool_members" ADD CONSTRAINT "number_pool_members_number_fk" FOREIGN KEY ("account_id","number_id") REFERENCES "public"."phone_numbers"("account_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_pools" ADD CONSTRAINT "number_pools_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_senders" ADD CONSTRAINT "pool_senders_pool_fk" FOREIGN KEY ("account_id","pool_id") REFERENCES "public"."number_pools"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_senders" ADD CONSTRAINT "pool_senders_contact_fk" FOREIGN KEY ("account_id","contact_id") REFERENCES "public"."contacts"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_senders" ADD CONSTRAINT "pool_senders_number_fk" FOREIGN KEY ("account_id","number_id") REFERENCES "public"."phone_numbers"("account_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "number_pools_name_uq" ON "number_pools" USING btree ("account_id","name");--> statement-breakpoint
CREATE INDEX "pool_senders_contact_idx" ON "pool_senders" USING btree ("account_id","contact_id");