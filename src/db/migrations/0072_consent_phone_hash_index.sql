DROP INDEX "consent_events_phone_idx";--> statement-breakpoint
CREATE INDEX "consent_events_phone_idx" ON "consent_events" USING hash ("phone_hash");