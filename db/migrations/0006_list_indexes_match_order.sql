DROP INDEX "conversations_inbox_status_idx";--> statement-breakpoint
DROP INDEX "conversations_inbox_assignee_idx";--> statement-breakpoint
DROP INDEX "conversations_inbox_urgency_idx";--> statement-breakpoint
DROP INDEX "messages_thread_idx";--> statement-breakpoint
CREATE INDEX "conversations_inbox_status_idx" ON "conversations" USING btree ("workspace_id","status","last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "conversations_inbox_assignee_idx" ON "conversations" USING btree ("workspace_id","assignee_id","status","last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "conversations_inbox_urgency_idx" ON "conversations" USING btree ("workspace_id","status","next_due_at","last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "messages_thread_idx" ON "messages" USING btree ("conversation_id","sent_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);