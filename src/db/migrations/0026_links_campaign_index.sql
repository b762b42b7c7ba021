DROP INDEX "links_campaign_idx";--> statement-breakpoint
CREATE INDEX "links_campaign_idx" ON "links" USING btree ("account_id","campaign_id");