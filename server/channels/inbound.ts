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
};

export type DeliveryUpdate = {
  providerMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: Date;
  error: { code: string; message: string } | null;
  /** The provider refused because the contact opted out (Twilio 21610): their consent is revoked. */
  revokesConsent?: boolean;
};

export type ParsedWebhook = { messages: InboundMessage[]; updates: DeliveryUpdate[] };
