ALTER TABLE "conversations" ADD COLUMN "waiting_since" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "conversations_inbox_mine_urgency_idx" ON "conversations" USING btree ("workspace_id","assignee_id","status","next_due_at","last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "conversations_campaign_idx" ON "conversations" USING btree ("workspace_id","attributed_campaign") WHERE "conversations"."attributed_campaign" is not null;--> statement-breakpoint
CREATE INDEX "conversations_inbox_waiting_idx" ON "conversations" USING btree ("workspace_id","status","waiting_since","last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
-- Conversations already open or snoozed wait since the contact's first message after the last
-- person's reply (automations do not answer); closed ones wait for nobody. A scheduled reply the
-- channel refused at its time (failed with a refusal code) never went out, so it answered nobody.
-- A close leaves no message, so one closed unanswered and then written to again waits here since
-- its first unanswered message, not since the one that reopened it. (Statuses compared as text:
-- on a new database every migration runs in one transaction, where enum values added by an
-- earlier one cannot be used yet.)
WITH last_reply AS (
  SELECT conversation_id, max(sent_at) AS at
  FROM "messages"
  WHERE author_kind = 'agent'
    AND status::text NOT IN ('scheduled', 'cancelled')
    AND NOT (status::text = 'failed' AND coalesce(error_code, '') IN ('WINDOW_CLOSED', 'TEMPLATE_REQUIRED', 'TAG_REQUIRED',
      'MESSAGE_CAP_REACHED', 'QUOTA_EXCEEDED', 'NO_CONSENT', 'CONTACT_MUST_INITIATE', 'CONTACT_BLOCKED', 'CHANNEL_CANNOT_RECEIVE'))
  GROUP BY conversation_id
), waiting AS (
  SELECT m.conversation_id, min(m.sent_at) AS since
  FROM "messages" m LEFT JOIN last_reply r ON r.conversation_id = m.conversation_id
  WHERE m.direction = 'inbound' AND m.sent_at > coalesce(r.at, '-infinity')
  GROUP BY m.conversation_id
)
UPDATE "conversations" c SET "waiting_since" = w.since
FROM waiting w
WHERE w.conversation_id = c.id AND c.status <> 'closed';
