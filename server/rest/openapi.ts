import { z } from 'zod';
import { REASON_CODES } from '@/db/schema/values';
import { ApiContactEvent, ContactEventBody } from '@/server/contacts/schemas';
import { ApiConversation } from '@/server/conversations/api-view';
import { AssigneeBody, ListConversationsQuery, StatusChange } from '@/server/conversations/schemas';
import { ListMessagesQuery, SendMessageRequest } from '@/server/messages/schemas';
import { IdempotencyKey } from '@/server/messages/send-key';
import { ApiMessage } from '@/server/messages/view';
import { ApiError, page } from './schemas';

/*
 * The OpenAPI 3.1 document of REST v1, generated from the zod schemas the handlers validate
 * and answer with, so the document cannot drift from the code.
 */

type JsonSchema = Record<string, unknown>;
const json = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const content = (schema: JsonSchema) => ({ 'application/json': { schema } });

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      {
        description: {
          400: 'Invalid input; the message names the field',
          401: 'No or bad API token',
          403: 'Not allowed for this user',
          404: 'Not in this workspace',
          422: `Refused by the channel; nothing was sent. Codes: ${REASON_CODES.join(', ')}`,
        }[s],
        content: content(ref('Error')),
      },
    ]),
  );

const queryParameters = (schema: z.ZodObject) =>
  Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: false,
    schema: json(field as z.ZodType, 'input'),
  }));

const idempotencyKeyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Names this send so a retry cannot send it twice: the same key from the same token user within 24 hours stores and sends nothing and answers with the first answer (same status and body, header `Idempotent-Replayed: true`); the same key with another send (other conversation, message or options) answers 422 IDEMPOTENCY_KEY_REUSED. A refused or invalid send does not use the key up. A duplicate arriving while the first is being stored waits for it and gets its message.',
  schema: json(IdempotencyKey, 'input'),
};

const idParameter = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: { type: 'string', format: 'uuid' } });

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cadence REST API',
      version: '1',
      description: 'Conversations with their channel window, messages, and contact events. Times are ISO-8601 UTC.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token created by an admin in Settings' } },
      schemas: {
        Error: json(ApiError, 'output'),
        Conversation: json(ApiConversation, 'output'),
        ConversationPage: json(page(ApiConversation), 'output'),
        Message: json(ApiMessage, 'output'),
        MessagePage: json(page(ApiMessage), 'output'),
        SendMessage: json(SendMessageRequest, 'input'),
        ContactEvent: json(ContactEventBody, 'input'),
        StatusChange: json(StatusChange, 'input'),
        Assignee: json(AssigneeBody, 'input'),
        ContactEventRecorded: json(ApiContactEvent, 'output'),
      },
    },
    paths: {
      '/api/v1/conversations': {
        get: {
          summary: 'List conversations the token may read, newest activity first',
          parameters: queryParameters(ListConversationsQuery),
          responses: { 200: { description: 'A page', content: content(ref('ConversationPage')) }, ...errors(400, 401) },
        },
      },
      '/api/v1/conversations/{id}': {
        get: {
          summary: 'One conversation with its window state and deadlines',
          parameters: [idParameter('conversation id')],
          responses: { 200: { description: 'The conversation', content: content(ref('Conversation')) }, ...errors(400, 401, 404) },
        },
      },
      '/api/v1/conversations/{id}/messages': {
        get: {
          summary: 'Messages of a conversation, newest first',
          parameters: [idParameter('conversation id'), ...queryParameters(ListMessagesQuery)],
          responses: { 200: { description: 'A page', content: content(ref('MessagePage')) }, ...errors(400, 401, 404) },
        },
        post: {
          summary: 'Send a message: free-form, template or tagged; refused sends answer 422 with the reason',
          parameters: [idParameter('conversation id'), idempotencyKeyParameter],
          requestBody: { required: true, content: content(ref('SendMessage')) },
          responses: {
            201: {
              description: 'Stored and handed to the channel (or, for a retry with the same Idempotency-Key, the first answer again)',
              headers: { 'Idempotent-Replayed': { description: '`true` when this answers a retry: nothing was sent', schema: { type: 'string', enum: ['true'] } } },
              content: content(ref('Message')),
            },
            ...errors(400, 401, 404),
            422: {
              description: `Refused by the channel (${REASON_CODES.join(', ')}), or IDEMPOTENCY_KEY_REUSED: the key already named another send. Nothing was sent.`,
              content: content(ref('Error')),
            },
          },
        },
      },
      '/api/v1/conversations/{id}/status': {
        post: {
          summary: 'Open, close, or snooze until a moment',
          parameters: [idParameter('conversation id')],
          requestBody: { required: true, content: content(ref('StatusChange')) },
          responses: { 200: { description: 'The conversation as it now is', content: content(ref('Conversation')) }, ...errors(400, 401, 404) },
        },
      },
      '/api/v1/conversations/{id}/assignee': {
        post: {
          summary: 'Assign to a user of the workspace, or unassign with null',
          parameters: [idParameter('conversation id')],
          requestBody: { required: true, content: content(ref('Assignee')) },
          responses: { 200: { description: 'The conversation as it now is', content: content(ref('Conversation')) }, ...errors(400, 401, 403, 404) },
        },
      },
      '/api/v1/contacts/{id}/events': {
        post: {
          summary: 'Record something that happened to a contact (session.booked, session.paid, order.placed, campaign.sent, flow.sent, ...)',
          description:
            'Bookings, payments and sessions start and stop protocols. `campaign.sent` and `flow.sent` need `properties.name`: the first reply within the attribution window is credited to the last of them the contact received.',
          parameters: [idParameter('contact id')],
          requestBody: { required: true, content: content(ref('ContactEvent')) },
          responses: { 201: { description: 'Recorded', content: content(ref('ContactEventRecorded')) }, ...errors(400, 401, 403, 404) },
        },
      },
    },
  };
}
