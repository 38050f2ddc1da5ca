-- Every stored message adds its words to its conversation's search vector (conversations.messages_search),
-- whatever path inserted it: webhooks, the send pipeline, automations, seeds.
CREATE OR REPLACE FUNCTION conversations_search_on_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE conversations
     SET messages_search = coalesce(messages_search, ''::tsvector) || to_tsvector('simple', NEW.body)
   WHERE id = NEW.conversation_id;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER messages_search AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION conversations_search_on_message();--> statement-breakpoint
UPDATE conversations c
   SET messages_search = s.v
  FROM (SELECT conversation_id, to_tsvector('simple', string_agg(body, ' ')) AS v FROM messages GROUP BY conversation_id) s
 WHERE s.conversation_id = c.id;
