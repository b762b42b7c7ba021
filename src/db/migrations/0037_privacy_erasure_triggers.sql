-- Privacy erasure (issue 10): the append-only tables give way to a transaction that declares
-- itself an erasure (`select set_config('wm.erasure', 'on', true)`, only the privacy module's
-- erasure and account-deletion code does), and to nothing else. A contact's erasure redacts
-- outbox payloads and consent evidence (evidence becomes keyed hashes, the number's hash
-- stays); an account's hard erasure deletes its audit chain (its certificate goes to the
-- platform log). Platform audit chains stay append-only without exception.
CREATE OR REPLACE FUNCTION privacy_erasure_on() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('wm.erasure', true), '') = 'on'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND privacy_erasure_on() THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION consent_events_append_only() RETURNS trigger AS $$
BEGIN
  -- Erasure may detach an event from its contact (contact_id → NULL); nothing else may change.
  IF TG_OP = 'UPDATE' AND NEW.contact_id IS NULL AND OLD.contact_id IS NOT NULL
     AND NEW.id = OLD.id AND NEW.phone_hash = OLD.phone_hash AND NEW.kind = OLD.kind AND NEW.source = OLD.source
     AND NEW.occurred_at = OLD.occurred_at AND NEW.account_id = OLD.account_id AND NEW.evidence = OLD.evidence THEN
    RETURN NEW;
  END IF;
  -- A declared erasure may also replace the evidence (keyed hashes) and delete an erased account's events.
  IF privacy_erasure_on() THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    IF NEW.id = OLD.id AND NEW.phone_hash = OLD.phone_hash AND NEW.kind = OLD.kind AND NEW.source = OLD.source
       AND NEW.occurred_at = OLD.occurred_at AND NEW.account_id = OLD.account_id THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'consent_events is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME IN ('audit_events', 'audit_heads') AND privacy_erasure_on() THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
