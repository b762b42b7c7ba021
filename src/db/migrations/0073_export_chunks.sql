CREATE TABLE "export_chunks" (
	"account_id" uuid NOT NULL,
	"export_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "export_chunks_account_id_export_id_seq_pk" PRIMARY KEY("account_id","export_id","seq")
);
--> statement-breakpoint
ALTER TABLE "export_chunks" ADD CONSTRAINT "export_chunks_export_fk" FOREIGN KEY ("account_id","export_id") REFERENCES "public"."data_exports"("account_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- Exports finished before this version kept their ZIP on a process's disk (DATA_DIR/exports), which is no longer read: they count as expired.
UPDATE "data_exports" SET "status" = 'expired' WHERE "status" = 'completed';
