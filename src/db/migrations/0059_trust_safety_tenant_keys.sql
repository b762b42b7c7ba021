ALTER TABLE "appeal_messages" DROP CONSTRAINT "appeal_messages_appeal_id_appeals_id_fk";
--> statement-breakpoint
ALTER TABLE "account_notices" DROP CONSTRAINT "account_notices_pkey";
--> statement-breakpoint
ALTER TABLE "account_reviews" DROP CONSTRAINT "account_reviews_pkey";
--> statement-breakpoint
ALTER TABLE "appeal_messages" DROP CONSTRAINT "appeal_messages_pkey";
--> statement-breakpoint
ALTER TABLE "appeals" DROP CONSTRAINT "appeals_pkey";
--> statement-breakpoint
ALTER TABLE "enforcement_actions" DROP CONSTRAINT "enforcement_actions_pkey";
--> statement-breakpoint
ALTER TABLE "sending_holds" DROP CONSTRAINT "sending_holds_pkey";
--> statement-breakpoint
ALTER TABLE "account_notices" ADD CONSTRAINT "account_notices_account_id_id_pk" PRIMARY KEY("account_id","id");
--> statement-breakpoint
ALTER TABLE "account_reviews" ADD CONSTRAINT "account_reviews_account_id_id_pk" PRIMARY KEY("account_id","id");
--> statement-breakpoint
ALTER TABLE "appeal_messages" ADD CONSTRAINT "appeal_messages_account_id_id_pk" PRIMARY KEY("account_id","id");
--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_account_id_id_pk" PRIMARY KEY("account_id","id");
--> statement-breakpoint
ALTER TABLE "enforcement_actions" ADD CONSTRAINT "enforcement_actions_account_id_id_pk" PRIMARY KEY("account_id","id");
--> statement-breakpoint
ALTER TABLE "sending_holds" ADD CONSTRAINT "sending_holds_account_id_id_pk" PRIMARY KEY("account_id","id");
--> statement-breakpoint
ALTER TABLE "appeal_messages" ADD CONSTRAINT "appeal_messages_appeal_fk" FOREIGN KEY ("account_id","appeal_id") REFERENCES "public"."appeals"("account_id","id") ON DELETE no action ON UPDATE no action;