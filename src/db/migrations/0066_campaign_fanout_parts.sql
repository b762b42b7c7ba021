CREATE TABLE "campaign_fanout_parts" (
	"account_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"part" integer NOT NULL,
	"after_id" uuid,
	"upto_id" uuid,
	"cursor" uuid,
	"done_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_fanout_parts_account_id_campaign_id_part_pk" PRIMARY KEY("account_id","campaign_id","part")
);
--> statement-breakpoint
ALTER TABLE "campaign_fanout_parts" ADD CONSTRAINT "campaign_fanout_parts_campaign_fk" FOREIGN KEY ("account_id","campaign_id") REFERENCES "public"."campaigns"("account_id","id") ON DELETE cascade ON UPDATE no action;