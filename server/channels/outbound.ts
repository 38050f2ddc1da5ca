import type { channels, messages } from '@/db/schema';
import type { ChannelSecrets } from '@/db/schema/channels';

/*
 * The outbound half of a provider (SPEC §13), as the delivery worker sees it. A provider module
 * (server/channels/providers/<name>/outbound.ts) turns one queued message into one request to its
 * API and says what the answer means; the worker (server/messages/outbox.ts) does the rest:
 * retries, pacing, the message's status, the channel's state.
 */

export type Channel = typeof channels.$inferSelect;
export type Message = typeof messages.$inferSelect;

/** An approved WhatsApp template to send, with what the agent filled in (issue 15). */
export type TemplateSend = {
  name: string;
  language: string;
  /** Meta's components as synced (header, body, buttons, with their parameter format). */
  components: unknown[];
  /** Meta's `parameter_format`: `{{1}}` filled in order, or `{{first_name}}` filled by name. */
  parameterFormat: 'positional' | 'named';
  /** The values the agent filled, by placeholder name (`1`, `2`… for positional parameters; `header.1`, `button.0.1` outside the body). */
  params: Record<string, string>;
};

/** The kinds of attachment that are files (locations and contact cards are not sent). */
export type FileKind = 'image' | 'audio' | 'video' | 'document' | 'sticker';

/** One stored file of the message, as a provider module sends it (SPEC §14). */
export type OutboundAttachment = {
  id: string;
  kind: FileKind;
  /** Sniffed from the bytes when stored. */
  mimeType: string;
  size: number;
  /** The name it was attached with, or `<kind>.<extension>` from its type: providers want one. */
  fileName: string;
  caption: string | null;
  /** Its bytes from storage, read once as they are uploaded (WhatsApp media, Telegram, WeChat). */
  open(): Promise<AsyncIterable<Uint8Array>>;
  /**
   * A signed public URL of it with no session, for providers that fetch by URL (Twilio, Messenger,
   * Instagram, LINE, Viber): good for `ttlMs` (an hour unless told).
   */
  url(ttlMs?: number): string;
  /** How long an MP4 or M4A file plays, in ms, read from its header; null for other files (LINE's audio message states it). */
  durationMs(): Promise<number | null>;
};

/**
 * A message that goes out as several requests (a text, then a file; two files): the ids of the
 * parts an earlier attempt already sent, and how to record one more, so a retry sends only the
 * rest and never a part twice.
 */
export type PartProgress = {
  sent: readonly string[];
  record(providerMessageId: string): Promise<void>;
};

export type Delivery = {
  channel: Channel;
  message: Message;
  /** The contact's address on this channel (phone, PSID, chat id, user id…). */
  recipient: string;
  template: TemplateSend | null;
  /** LINE: the reply token of the contact's last message, while it may still be valid (free replies). */
  replyToken: string | null;
  /** The attempt about to be made, from 1 (LINE sends its retry key from the first). */
  attempt: number;
  /** The message's ready file attachments, in position order. */
  attachments: OutboundAttachment[];
  progress: PartProgress;
};

export type DeliveryOutcome =
  /** The provider took the message; its id settles later status webhooks. */
  | { outcome: 'sent'; providerMessageId: string }
  /**
   * Refused for good: the message fails with `code` (`<provider>.<provider's code>`, explained to
   * people by ./provider-errors.ts) and the provider's own words in `detail`. `channel` set: the
   * fault is the channel's (an expired token): it needs attention, and its queue waits for a
   * manager instead of burning every message.
   */
  | { outcome: 'failed'; code: string; detail: string; channel?: 'needs_attention' }
  /** Not sent, and safe to try again (the provider said so, or the request provably never reached it). */
  | { outcome: 'retry'; code: string; detail: string; retryAfterMs?: number }
  /** The request may have reached a provider without idempotency: never resent automatically. */
  | { outcome: 'unknown'; detail: string };

/** How fast a channel's queue may go (SPEC §13 limits). */
export type Pacing = {
  /** Requests per second per channel. */
  perSecond: number;
  /** At least this long between two messages to the same recipient (0: no rule). */
  perRecipientMs: number;
  /** Requests in flight at once per channel. */
  concurrency: number;
};

export type CheckResult = { ok: true } | { ok: false; reason: string };

export type OutboundProvider = {
  send(delivery: Delivery): Promise<DeliveryOutcome>;
  /** One harmless call that proves the credentials work (WhatsApp: read the phone number; Telegram `getMe`…). */
  check(secrets: ChannelSecrets): Promise<CheckResult>;
  /** After saving: tell the provider where to post webhooks (Telegram `setWebhook`, Viber `set_webhook`). */
  register?(secrets: ChannelSecrets, webhookUrl: string): Promise<CheckResult>;
  pacing: Pacing;
  /**
   * The provider drops a repeated request (LINE's `X-Line-Retry-Key`): an attempt that may have
   * reached it can be made again. Without it, such a message becomes `unknown`, never resent.
   */
  idempotent?: boolean;
};
