ALTER TYPE "public"."delivery_status" ADD VALUE 'unknown';--> statement-breakpoint
CREATE TABLE "outbox" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
-- Credentials take the names of the REST API (issue 15); the application seals them with APP_KEY at its next start.
UPDATE "channels" SET "secrets" = ("secrets" - 'signingSecret') || jsonb_build_object('appSecret', "secrets"->'signingSecret') WHERE "secrets" ? 'signingSecret';--> statement-breakpoint
UPDATE "channels" SET "secrets" = ("secrets" - 'twilioAuthToken') || jsonb_build_object('authToken', "secrets"->'twilioAuthToken') WHERE "secrets" ? 'twilioAuthToken';--> statement-breakpoint
UPDATE "channels" SET "secrets" = ("secrets" - 'viberAuthToken') || jsonb_build_object('authToken', "secrets"->'viberAuthToken') WHERE "secrets" ? 'viberAuthToken';--> statement-breakpoint
UPDATE "channels" SET "secrets" = ("secrets" - 'lineChannelSecret') || jsonb_build_object('channelSecret', "secrets"->'lineChannelSecret') WHERE "secrets" ? 'lineChannelSecret';--> statement-breakpoint
UPDATE "channels" SET "secrets" = ("secrets" - 'wechatToken') || jsonb_build_object('token', "secrets"->'wechatToken') WHERE "secrets" ? 'wechatToken';--> statement-breakpoint
UPDATE "channels" SET "secrets" = ("secrets" - 'telegramSecretToken') || jsonb_build_object('webhookSecret', "secrets"->'telegramSecretToken') WHERE "secrets" ? 'telegramSecretToken';--> statement-breakpoint
UPDATE "channels" SET "secrets" = "secrets" || jsonb_build_object('phoneNumberId', "settings"->'whatsappPhoneNumberId'), "settings" = "settings" - 'whatsappPhoneNumberId' WHERE "settings" ? 'whatsappPhoneNumberId';--> statement-breakpoint
ALTER TABLE "channels" ALTER COLUMN "secrets" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "channels" ALTER COLUMN "secrets" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "provider" text;--> statement-breakpoint
UPDATE "channels" SET "provider" = CASE "kind" WHEN 'sms' THEN 'twilio' WHEN 'webchat' THEN NULL WHEN 'email' THEN NULL ELSE "kind"::text END;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "state" text DEFAULT 'connected' NOT NULL;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "state_reason" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "retryable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "outbox_channel_idx" ON "outbox" USING btree ("channel_id");--> statement-breakpoint
-- Messages stored but not yet handed over before the outbox existed: the delivery worker takes them.
INSERT INTO "outbox" ("message_id", "channel_id") SELECT "id", "channel_id" FROM "messages" WHERE "direction" = 'outbound' AND "status" = 'queued';