ALTER TABLE "phone_numbers" ADD COLUMN "origin" text DEFAULT 'attached' NOT NULL;--> statement-breakpoint
-- Numbers bought through the built-in simulator connection were provisioned by us (POST /v1/numbers {provider: "simulator"}).
UPDATE "phone_numbers" SET "origin" = 'provisioned' WHERE "provider" = 'simulator';
