ALTER TABLE "conversations" ADD COLUMN "waiting_since" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "conversations_inbox_mine_urgency_idx" ON "conversations" USING btree ("workspace_id","assignee_id","status","next_due_at","last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "conversations_campaign_idx" ON "conversations" USING btree ("workspace_id","attributed_campaign") WHERE "conversations"."attributed_campaign" is not null;--> statement-breakpoint
CREATE INDEX "conversations_inbox_waiting_idx" ON "conversations" USING btree ("workspace_id","status","waiting_since","last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
-- Conversations already open or snoozed wait since the contact's first message after the last
-- person's reply (automations do not answer); closed ones wait for nobody. A close leaves no
-- message, so one closed unanswered and then written to again waits here since its first
-- unanswered message, not since the one that reopened it. (Statuses compared as
-- text: on a new database every migration runs in one transaction, where enum values added by an
-- earlier one cannot be used yet.)
UPDATE "conversations" c SET "waiting_since" = w.since
FROM (
  SELECT m.conversation_id, min(m.sent_at) AS since
  FROM "messages" m
  WHERE m.direction = 'inbound'
    AND m.sent_at > coalesce((
      SELECT max(p.sent_at) FROM "messages" p
      WHERE p.conversation_id = m.conversation_id AND p.author_kind = 'agent' AND p.status::text NOT IN ('scheduled', 'cancelled')
    ), '-infinity')
  GROUP BY m.conversation_id
) w
WHERE w.conversation_id = c.id AND c.status <> 'closed';

