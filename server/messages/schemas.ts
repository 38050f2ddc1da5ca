import { z } from 'zod';
import { InstantInput } from '@/server/validation';
import { PageInput, PageQuery } from '@/server/pagination/page';
import { MESSAGE_TAGS } from '@/server/windows/policy';
import { MAX_ATTACHMENTS } from '@/server/files/outbound-limits';
import { ClientMessageId } from './send-key';

export const ThreadInput = z.object({ conversationId: z.uuid(), ...PageInput.shape });

/** `GET /api/v1/conversations/{id}/messages` (SPEC §11): the thread's input, its conversation named by the path and its page by the query string. */
export const ListMessagesQuery = ThreadInput.omit({ conversationId: true }).extend(PageQuery.shape);


/** Uploads (`POST /api/v1/files`) the message carries, in order (SPEC §14). */
const Attachments = z
  .array(z.uuid('not an upload id'))
  .max(MAX_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} files in one message`)
  .optional()
  .describe('Upload ids from POST /api/v1/files, in the order they are shown; with files the body may be empty');

/** A text that may be empty (`""`) when files go with it: a photo alone, a PDF alone. */
const TextOrFiles = {
  body: z.string().trim().max(4096, 'at most 4096 characters').describe('The text; "" for a message of files alone'),
  attachments: Attachments,
};
const hasTextOrFiles = (m: { body: string; attachments?: string[] }) => m.body !== '' || (m.attachments?.length ?? 0) > 0;
const textOrFilesRule = { path: ['body'], message: 'write a message or attach a file before sending' };

/** What to send (SPEC §11): the REST body, and the `message` of the tRPC input. */
export const SendMessageBody = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('free_form'),
      ...TextOrFiles,
      /** The template the text started from, if any: it feeds "what this agent used most". */
      fromTemplateId: z.uuid().optional(),
    })
    .refine(hasTextOrFiles, textOrFilesRule),
  z.object({
    kind: z.literal('template'),
    templateId: z.uuid(),
    params: z.record(z.string().regex(/^[\w.]+$/, 'placeholder names are letters, digits, _ and .'), z.string().max(1024)).default({}),
  }),
  z.object({ kind: z.literal('tagged'), tag: z.enum(MESSAGE_TAGS), ...TextOrFiles }).refine(hasTextOrFiles, textOrFilesRule),
]);

/** Hold the send until this instant (e.g. 08:00 in the contact's zone, SPEC §3 quiet hours). */
const ScheduleAt = InstantInput.optional();

/**
 * A send that would reach the contact outside their daytime hours (SPEC §3): `ask` answers 409
 * QUIET_HOURS with the proposed time; `send_anyway` sends now.
 */
export const QuietHoursChoice = z.enum(['ask', 'send_anyway']);

/**
 * Another person sent into this conversation in the last 30 seconds: `ask` answers 409
 * RECENT_REPLY with who and when; `send_anyway` sends (a second reply was meant).
 */
export const RecentReplyChoice = z.enum(['ask', 'send_anyway']);

/**
 * The composer: a person is asked before a send reaches the contact at night. `clientMessageId`
 * names the draft: sent again (a double click, a resend after a reconnect), it is stored once.
 */
export const SendMessageInput = z.object({
  conversationId: z.uuid(),
  message: SendMessageBody,
  scheduleAt: ScheduleAt,
  quietHours: QuietHoursChoice.default('ask'),
  recentReply: RecentReplyChoice.default('ask'),
  clientMessageId: ClientMessageId.optional(),
  /** SMS: `https://` links become our short links, whose clicks are recorded (SPEC §8); false keeps them as written. Default true. */
  shortenLinks: z.boolean().optional(),
});

/**
 * REST: programs are not asked by default; they may opt in with `"quietHours":"ask"` / `"recentReply":"ask"`.
 * A program names its send with the `Idempotency-Key` header, not in the body.
 */
const SendOptionsRequest = SendMessageInput.omit({ conversationId: true, message: true, clientMessageId: true }).extend({
  quietHours: QuietHoursChoice.default('send_anyway'),
  recentReply: RecentReplyChoice.default('send_anyway'),
});

/** The REST body of a send (SPEC §11): the message's own fields with the send's options beside them, flat. */
export const SendMessageRequest = z.intersection(SendMessageBody, SendOptionsRequest);

/**
 * The send a valid REST body asks for, as the tRPC input carries it. Each half is read by its
 * own schema (objects keep only their keys), so an option can never end up inside `message`
 * and be ignored, as `recentReply` once was. The `Idempotency-Key` header names the send as the
 * composer's client message id does.
 */
export function sendInputOfRequest(conversationId: string, request: z.infer<typeof SendMessageRequest>, idempotencyKey?: string): SendMessageInput {
  return { conversationId, message: SendMessageBody.parse(request), ...SendOptionsRequest.parse(request), clientMessageId: idempotencyKey };
}

export const MessageIdInput = z.object({ messageId: z.uuid() });

export type ThreadInput = z.infer<typeof ThreadInput>;
export type SendMessageBody = z.infer<typeof SendMessageBody>;
export type SendMessageInput = z.infer<typeof SendMessageInput>;
/** A message as a client writes it (template params may be left out). */
export type SendMessageDraft = z.input<typeof SendMessageBody>;
