ALTER TABLE "contact_identities" ADD COLUMN "reply_token" text;--> statement-breakpoint
ALTER TABLE "contact_identities" ADD COLUMN "reply_token_at" timestamp with time zone;