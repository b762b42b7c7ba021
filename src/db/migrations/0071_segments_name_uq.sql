-- Segments stored with a name another segment of the account already had (ignoring case and outer
-- spaces: two creates at once passed the service's check) keep their rows, renamed with the end of their id first.
UPDATE "segments" s SET "name" = btrim(s."name") || ' (' || right(s."id"::text, 12) || ')'
FROM (
  SELECT "account_id", "id", row_number() OVER (PARTITION BY "account_id", lower(btrim("name")) ORDER BY "created_at", "id") AS n
  FROM "segments"
) d
WHERE s."account_id" = d."account_id" AND s."id" = d."id" AND d.n > 1;--> statement-breakpoint
CREATE UNIQUE INDEX "segments_name_uq" ON "segments" USING btree ("account_id",lower(btrim("name")));
