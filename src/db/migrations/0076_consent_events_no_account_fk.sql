ALTER TABLE "consent_events" DROP CONSTRAINT "consent_events_account_id_accounts_id_fk";
