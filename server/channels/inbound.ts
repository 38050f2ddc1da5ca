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
  /** A copy of a message the business sent (Meta's `is_echo`): stored as ours, never as the contact writing. */
  echo: boolean;
  /** The message changes the contact's SMS consent (a STOP or START keyword). */
  consent?: 'granted' | 'revoked';
};

export type DeliveryUpdate = {
  providerMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: Date;
  error: { code: string; message: string } | null;
};

export type ParsedWebhook = { messages: InboundMessage[]; updates: DeliveryUpdate[] };
