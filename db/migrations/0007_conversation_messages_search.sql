DROP INDEX "messages_body_fts_idx";--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "messages_search" "tsvector";--> statement-breakpoint
CREATE INDEX "conversations_messages_search_idx" ON "conversations" USING gin ("messages_search");