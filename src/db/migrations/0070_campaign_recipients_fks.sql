ALTER TABLE "campaign_recipients" DROP CONSTRAINT "campaign_recipients_campaign_fk";
--> statement-breakpoint
ALTER TABLE "campaign_recipients" DROP CONSTRAINT "campaign_recipients_contact_fk";
