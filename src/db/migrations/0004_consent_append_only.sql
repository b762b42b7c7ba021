-- Consent events are evidence: append-only, like the audit log.
CREATE OR REPLACE FUNCTION consent_events_append_only() RETURNS trigger AS $$
BEGIN
  -- Erasure may detach an event from its contact (contact_id → NULL); nothing else may change.
  IF TG_OP = 'UPDATE' AND NEW.contact_id IS NULL AND OLD.contact_id IS NOT NULL
     AND NEW.id = OLD.id AND NEW.phone_hash = OLD.phone_hash AND NEW.kind = OLD.kind AND NEW.source = OLD.source
     AND NEW.occurred_at = OLD.occurred_at AND NEW.account_id = OLD.account_id THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'consent_events is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER consent_events_no_update BEFORE UPDATE OR DELETE ON "consent_events"
  FOR EACH ROW EXECUTE FUNCTION consent_events_append_only();
