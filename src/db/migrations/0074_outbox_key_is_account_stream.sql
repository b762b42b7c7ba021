-- The outbox's key becomes (account_id, tx_id, id): the order of one account's stream, which outbox_account_tx_idx
-- served beside a key on (account_id, id) that no query read. One btree entry fewer per event; same plans (outbox.repo).
DROP INDEX "outbox_account_tx_idx";--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_account_id_id_pk";--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_account_id_tx_id_id_pk" PRIMARY KEY("account_id","tx_id","id");