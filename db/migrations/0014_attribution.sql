ALTER TABLE "messages" ADD COLUMN "attributed_send_id" uuid;--> statement-breakpoint
ALTER TABLE "contact_events" ADD COLUMN "attribution_window_hours" integer;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_attributed_send_id_contact_events_id_fk" FOREIGN KEY ("attributed_send_id") REFERENCES "public"."contact_events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_attributed_send_uq" ON "messages" USING btree ("attributed_send_id");--> statement-breakpoint
CREATE INDEX "contact_events_workspace_type_idx" ON "contact_events" USING btree ("workspace_id","type","occurred_at");