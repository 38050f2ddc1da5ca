-- One search vector per conversation: the contact's name and email (weight A) and every message's
-- text (weight D). A single indexed column gives the planner real statistics, so a rare word is
-- looked up through the GIN index and a common one is filtered while walking the list order.
ALTER TABLE conversations RENAME COLUMN messages_search TO search_vector;--> statement-breakpoint
ALTER INDEX conversations_messages_search_idx RENAME TO conversations_search_idx;--> statement-breakpoint
CREATE OR REPLACE FUNCTION contact_search_vector(name text, email text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
  SELECT setweight(to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(email, '')), 'A')
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION conversations_search_on_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE conversations
     SET search_vector = coalesce(search_vector, ''::tsvector) || to_tsvector('simple', NEW.body)
   WHERE id = NEW.conversation_id;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION conversations_search_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := coalesce((SELECT contact_search_vector(name, email) FROM contacts WHERE id = NEW.contact_id), ''::tsvector)
                       || coalesce(NEW.search_vector, ''::tsvector);
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER conversations_search BEFORE INSERT ON conversations FOR EACH ROW EXECUTE FUNCTION conversations_search_on_insert();--> statement-breakpoint
-- A renamed contact: its conversations keep their message words (weight D) under the new name.
CREATE OR REPLACE FUNCTION conversations_search_on_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE conversations
     SET search_vector = contact_search_vector(NEW.name, NEW.email) || coalesce(ts_filter(search_vector, '{d}'), ''::tsvector)
   WHERE contact_id = NEW.id;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER contacts_search AFTER UPDATE OF name, email ON contacts FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email)
  EXECUTE FUNCTION conversations_search_on_contact();--> statement-breakpoint
UPDATE conversations c
   SET search_vector = contact_search_vector(ct.name, ct.email) || coalesce(c.search_vector, ''::tsvector)
  FROM contacts ct
 WHERE ct.id = c.contact_id;
