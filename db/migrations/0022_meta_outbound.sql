ALTER TYPE "public"."whatsapp_approval" ADD VALUE 'paused';--> statement-breakpoint
ALTER TYPE "public"."whatsapp_approval" ADD VALUE 'disabled';--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "name_edited" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "template_params" jsonb;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "channel_id" uuid;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "meta_id" text;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "meta_language" text;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "components" jsonb;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "parameter_format" text;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "templates" ADD CONSTRAINT "templates_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "templates_channel_meta_uq" ON "templates" USING btree ("channel_id","name","meta_language");