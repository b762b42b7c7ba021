-- Audit chain hardening (issue 7, finding 6): filled in by the audit work.
SELECT 1;
