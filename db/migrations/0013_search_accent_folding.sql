-- Search ignores accents and case, as Spanish speakers type: "lucia" finds "Lucía", "ANGEL" finds
-- "Ángel", "corazon" finds "corazón". Stored words and queries both pass through search_fold.
-- Written with translate() because PGlite has no unaccent extension; upper-case letters are folded
-- here too because lower() leaves non-ASCII letters alone under the C locale.
-- Accents typed as separate combining marks (text in decomposed form) are removed first.
CREATE OR REPLACE FUNCTION search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(translate(regexp_replace(t, '[\u0300-\u036f]', '', 'g'),
    'áàâäãåÁÀÂÄÃÅéèêëÉÈÊËíìîïÍÌÎÏóòôöõøÓÒÔÖÕØúùûüÚÙÛÜñÑçÇýÿÝ',
    'aaaaaaaaaaaaeeeeeeeeiiiiiiiioooooooooooouuuuuuuunnccyyy'))
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION contact_search_vector(name text, email text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
  SELECT setweight(to_tsvector('simple', search_fold(coalesce(name, '') || ' ' || coalesce(email, ''))), 'A')
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION conversations_search_on_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE conversations
     SET search_vector = coalesce(search_vector, ''::tsvector) || to_tsvector('simple', search_fold(NEW.body))
   WHERE id = NEW.conversation_id;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- Every conversation's vector again, folded: its contact (weight A) and its messages' text (D).
UPDATE conversations c
   SET search_vector = contact_search_vector(ct.name, ct.email)
       || coalesce((SELECT to_tsvector('simple', search_fold(string_agg(m.body, ' '))) FROM messages m WHERE m.conversation_id = c.id), ''::tsvector)
  FROM contacts ct
 WHERE ct.id = c.contact_id;
