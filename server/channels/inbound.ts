/** The one internal shape every provider payload is parsed into (ARCHITECTURE: ingest pipeline). */
export type InboundMessage = {
  providerMessageId: string;
  /** How the contact is known on this channel: phone number, business-scoped id, chat id... */
  externalId: string;
  contactName: string | null;
  contactPhone: string | null;
  body: string;
  /** The provider's timestamp, not the webhook's arrival: windows and protocols start here. */
  sentAt: Date;
  /** The provider's time was not believable (year 0, 9999, none), so `sentAt` is when the webhook arrived. */
  sentAtFromArrival?: boolean;
  /** A copy of a message the business sent (Meta's `is_echo`): stored as ours, never as the contact writing. */
  echo: boolean;
  /**
   * The message changes the contact's SMS consent: a STOP keyword revokes it, a subscribe keyword
   * grants it, and `resumed` (Twilio's YES/UNSTOP) grants it back only to someone who had revoked it.
   */
  consent?: 'granted' | 'revoked' | 'resumed';
  /** LINE: the token a free reply to this message may use, for about a minute from `sentAt`. */
  replyToken?: string;
  /** SMS HELP or INFO: the contact asks who is writing and how to stop; answered with the help reply (SPEC §8). */
  help?: boolean;
  /** What the client attached (SPEC §14), in the payload's order; the body keeps only their text (a caption, or nothing). */
  media?: InboundMedia[];
};

/**
 * One thing a client attached. A file is only a reference here (`ref`: the provider's media id,
 * or the URL the payload names on the provider's own media host): a background job downloads it
 * through the provider module's `fetchMedia` (./media.ts). A location or a contact card is all in
 * the payload and needs no download.
 */
export type InboundMedia =
  | { kind: 'image' | 'audio' | 'video' | 'document' | 'sticker'; ref: string; mimeType?: string; fileName?: string; caption?: string; size?: number }
  | { kind: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | { kind: 'contact'; name: string; phones: string[] };

export type DeliveryUpdate = {
  providerMessageId: string;
  /**
   * Our own id of the message, when the provider hands it back (Twilio's StatusCallback URL,
   * WhatsApp's `biz_opaque_callback_data`): it settles a message whose send ended without the
   * provider's id (`unknown`).
   */
  messageId?: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: Date;
  error: { code: string; message: string } | null;
  /** The provider refused because the contact opted out (Twilio 21610): their consent is revoked. */
  revokesConsent?: boolean;
};

/** Meta's word on one of a WhatsApp channel's templates (`message_template_status_update`). */
export type TemplateStatusUpdate = { metaId: string; name: string; language: string; event: string };

export type ParsedWebhook = { messages: InboundMessage[]; updates: DeliveryUpdate[]; templates?: TemplateStatusUpdate[] };
