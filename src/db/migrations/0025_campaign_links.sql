CREATE TABLE "link_clicks" (
	"account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"code" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"clicked_at" timestamp with time zone NOT NULL,
	"user_agent" text,
	"ip" text,
	CONSTRAINT "link_clicks_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "link_domains" (
	"domain" text PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "link_settings" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"track_links" boolean DEFAULT true NOT NULL,
	"track_click_ip" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "links" (
	"account_id" uuid NOT NULL,
	"code" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"url" text NOT NULL,
	"domain" text,
	CONSTRAINT "links_account_id_code_pk" PRIMARY KEY("account_id","code")
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "track_links" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "link_clicks" ADD CONSTRAINT "link_clicks_link_fk" FOREIGN KEY ("account_id","code") REFERENCES "public"."links"("account_id","code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_domains" ADD CONSTRAINT "link_domains_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_settings" ADD CONSTRAINT "link_settings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_campaign_fk" FOREIGN KEY ("account_id","campaign_id") REFERENCES "public"."campaigns"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_contact_fk" FOREIGN KEY ("account_id","contact_id") REFERENCES "public"."contacts"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "link_clicks_campaign_idx" ON "link_clicks" USING btree ("account_id","campaign_id","contact_id");--> statement-breakpoint
CREATE INDEX "link_clicks_code_idx" ON "link_clicks" USING btree ("account_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "link_domains_account_uq" ON "link_domains" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "links_code_idx" ON "links" USING btree ("code");--> statement-breakpoint
CREATE INDEX "links_campaign_idx" ON "links" USING btree ("account_id","campaign_id","url");--> statement-breakpoint
CREATE INDEX "links_contact_idx" ON "links" USING btree ("account_id","contact_id");