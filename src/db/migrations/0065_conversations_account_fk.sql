ALTER TABLE "conversations" DROP CONSTRAINT "conversations_account_id_accounts_id_fk";
