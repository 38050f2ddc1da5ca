CREATE TABLE "webhook_nonces" (
	"channel_id" uuid NOT NULL,
	"nonce" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "webhook_nonces_channel_id_nonce_pk" PRIMARY KEY("channel_id","nonce")
);
--> statement-breakpoint
ALTER TABLE "webhook_nonces" ADD CONSTRAINT "webhook_nonces_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_nonces_purge_idx" ON "webhook_nonces" USING btree ("expires_at");