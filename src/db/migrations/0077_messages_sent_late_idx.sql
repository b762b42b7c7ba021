-- The log of texts sent more than a day after they were created: the Twilio-compatible list's DateSent lower bound reads
-- them here, newest first, and every other text over created_at in messages_log_idx (api-messages.repo). Only such
-- texts are indexed, so a send, a status change and a campaign's fan-out write nothing more for the others.
CREATE INDEX "messages_sent_late_idx" ON "messages" USING btree ("account_id","created_at","id") WHERE sent_at - created_at > interval '24 hours';