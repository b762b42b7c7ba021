-- Accent- and case-insensitive search (issue 11) on PGlite and PostgreSQL alike, without extensions:
-- wm_fold() maps Latin letters with accents to their base letter, then lower-cases (lower() alone
-- leaves non-ASCII letters as they are under the C locale). IMMUTABLE, so indexes can use it.
CREATE OR REPLACE FUNCTION wm_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT pg_catalog.lower(pg_catalog.translate(t,
    'ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųŴŵÝýÿŶŷŸŹźŻżŽžÆæŒœßÐðÞþ',
    'aaaaaaaaaaaaaaaaaaccccccccccddddeeeeeeeeeeeeeeeeeegggggggghhhhiiiiiiiiiiiiiiiiiijjkkllllllllllnnnnnnnnoooooooooooooooooorrrrrrssssssssttttttuuuuuuuuuuuuuuuuuuuuwwyyyyyyzzzzzzaaoosddtt'))
$$;--> statement-breakpoint
-- The words of conversation texts (campaign texts left out: a fan-out inserts them in bulk, and they are templates).
CREATE INDEX IF NOT EXISTS "messages_search_idx" ON "messages" USING gin (to_tsvector('simple'::regconfig, wm_fold("body"))) WHERE "campaign_id" IS NULL;
