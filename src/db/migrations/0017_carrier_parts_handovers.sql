CREATE TABLE "carrier_message_parts" (
	"account_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"part_id" text NOT NULL,
	"message_id" uuid NOT NULL,
	"part" integer NOT NULL,
	"parts" integer NOT NULL,
	"status" text,
	"error_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "carrier_message_parts_account_id_provider_part_id_pk" PRIMARY KEY("account_id","provider","part_id")
);
--> statement-breakpoint
CREATE TABLE "dispatch_handovers" (
	"account_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"message_ids" uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dispatch_handovers_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE INDEX "carrier_message_parts_message_idx" ON "carrier_message_parts" USING btree ("account_id","message_id");