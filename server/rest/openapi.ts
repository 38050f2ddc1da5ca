import { z } from 'zod';
import { REASON_CODES } from '@/db/schema/values';
import { ApiChannel, CreateChannelBody, DeleteChannelQuery, UpdateChannelBody } from '@/server/channels/settings/schemas';
import { ApiContact, ApiContactEvent, ContactEventBody, ListContactsQuery, PatchContactBody } from '@/server/contacts/schemas';
import { ApiFollowup, ApiFollowupLog, CreateFollowupBody, ListFollowupsQuery, UpdateFollowupBody } from '@/server/followups/schemas';
import { ApiConversation } from '@/server/conversations/api-view';
import { AssigneeBody, ListConversationsQuery, StatusChange } from '@/server/conversations/schemas';
import { ListMessagesQuery, SendMessageRequest } from '@/server/messages/schemas';
import { IdempotencyKey } from '@/server/messages/send-key';
import { ApiMessage } from '@/server/messages/view';
import { UploadView } from '@/server/files/uploads';
import { ApiTemplate } from '@/server/templates/api-view';
import { ApiInvitation, ApiInvitationLink, ApiPasswordReset, ApiUser, InviteInput, PersonPatch } from '@/server/users/schemas';
import { ApiAuditEntry, ListAuditQuery } from '@/server/audit/schemas';
import { ApiTeam, CreateTeamBody, UpdateTeamBody } from '@/server/teams/schemas';
import { ApiWorkspace, WorkspacePatch } from '@/server/workspace/schemas';
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
          409: 'Conflicts with the resource as it now is (e.g. a team of that name, the limit of active follow-ups per channel); the message says what to do',
          410: 'GONE: it is known, but what it held is no longer stored (a file whose bytes left storage); asking again will not help',
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

const idParameter = (description: string, name = 'id') => ({ name, in: 'path', required: true, description, schema: { type: 'string', format: 'uuid' } });

const providerRejected = {
  422: {
    description: 'PROVIDER_REJECTED: the provider refused the credentials (or the webhook registration); `message` is its own reason. Nothing was saved.',
    content: content(ref('Error')),
  },
};

const managersOnly = 'Managers and admins only (others: 403).';

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cadence REST API',
      version: '1',
      description:
        'Conversations with their channel window, messages, contacts and their events, follow-ups, channels and templates; and the administration of people, invitations, teams, workspace settings and the audit log. Times are ISO-8601 UTC.',
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
        Upload: json(UploadView, 'output'),
        ContactEvent: json(ContactEventBody, 'input'),
        StatusChange: json(StatusChange, 'input'),
        Assignee: json(AssigneeBody, 'input'),
        ContactEventRecorded: json(ApiContactEvent, 'output'),
        Channel: json(ApiChannel, 'output'),
        ChannelList: json(z.object({ data: z.array(ApiChannel) }), 'output'),
        CreateChannel: json(CreateChannelBody, 'input'),
        UpdateChannel: json(UpdateChannelBody, 'input'),
        TemplateList: json(z.object({ data: z.array(ApiTemplate) }), 'output'),
        User: json(ApiUser, 'output'),
        UserList: json(z.object({ data: z.array(ApiUser) }), 'output'),
        UserPatch: json(PersonPatch, 'input'),
        Invite: json(InviteInput, 'input'),
        Invitation: json(ApiInvitation, 'output'),
        InvitationList: json(z.object({ data: z.array(ApiInvitation) }), 'output'),
        InvitationLink: json(ApiInvitationLink, 'output'),
        PasswordReset: json(ApiPasswordReset, 'output'),
        Team: json(ApiTeam, 'output'),
        TeamList: json(z.object({ data: z.array(ApiTeam) }), 'output'),
        CreateTeam: json(CreateTeamBody, 'input'),
        UpdateTeam: json(UpdateTeamBody, 'input'),
        Workspace: json(ApiWorkspace, 'output'),
        WorkspacePatch: json(WorkspacePatch, 'input'),
        AuditEntry: json(ApiAuditEntry, 'output'),
        AuditPage: json(page(ApiAuditEntry), 'output'),
        Contact: json(ApiContact, 'output'),
        ContactPage: json(page(ApiContact), 'output'),
        ContactPatch: json(PatchContactBody, 'input'),
        Followup: json(ApiFollowup, 'output'),
        FollowupList: json(z.object({ data: z.array(ApiFollowup) }), 'output'),
        FollowupCreate: json(CreateFollowupBody, 'input'),
        FollowupPatch: json(UpdateFollowupBody, 'input'),
        FollowupLogList: json(z.object({ data: z.array(ApiFollowupLog) }), 'output'),
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
            ...errors(401, 404),
            400: {
              description:
                'Invalid input, naming the field; or ATTACHMENT_NOT_ACCEPTED: the channel does not take `attachments[i]` (its kind, type or size, or the message\'s files together: SPEC §14). `attachment` is the index (null for the whole message), `refusal` one of KIND_NOT_ACCEPTED, TYPE_NOT_ACCEPTED, TOO_LARGE, MESSAGE_TOO_LARGE, TOO_MANY_FILES, with `limit` (bytes or files) or `accepted` (types or kinds). Nothing was sent.',
              content: content(ref('Error')),
            },
            422: {
              description: `Refused by the channel (${REASON_CODES.join(', ')}), or IDEMPOTENCY_KEY_REUSED: the key already named another send. Nothing was sent. A WhatsApp file past the 24 h window is TEMPLATE_REQUIRED.`,
              content: content(ref('Error')),
            },
          },
        },
      },
      '/api/v1/conversations/{id}/messages/{messageId}/retry': {
        post: {
          summary: 'Send a failed message again, when it is `retryable` and its channel is connected',
          description:
            'The same message is queued again (status `queued`), after the channel window is checked as for a new send. A message whose outcome is `unknown` may have arrived and is never resent: write a new one if it did not.',
          parameters: [idParameter('conversation id'), idParameter('message id', 'messageId')],
          responses: {
            200: { description: 'The message, queued again', content: content(ref('Message')) },
            ...errors(400, 401, 404, 409),
            422: { description: `Refused by the channel now (${REASON_CODES.join(', ')}); the message stays failed.`, content: content(ref('Error')) },
          },
        },
      },
      '/api/v1/files': {
        post: {
          summary: 'Upload a file to send: then name its id in `attachments` of a send',
          description:
            'multipart/form-data with the file in the field `file` and an optional `caption` (at most 1024 characters). The file is streamed, stored once by its SHA-256 and its type sniffed from the bytes (its name and declared type do not count); `kind` says what it goes out as. The upload id may be sent by this workspace for 24 hours (`expiresAt`); it is not itself served: once sent, the message\'s attachment has its own id and `url`. Whether the channel takes the file is checked when it is sent.',
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file'],
                  properties: { file: { type: 'string', format: 'binary' }, caption: { type: 'string', maxLength: 1024 } },
                },
              },
            },
          },
          responses: {
            201: { description: 'Stored', content: content(ref('Upload')) },
            ...errors(400, 401),
            413: { description: 'PAYLOAD_TOO_LARGE: larger than the workspace\'s file size cap (`fileSizeCapMb`, 25 MB by default); `limit` is the cap in bytes. Nothing was kept.', content: content(ref('Error')) },
          },
        },
      },
      '/api/v1/files/{id}': {
        get: {
          summary: 'The file of a message’s attachment (its `url`), behind the same access check as its conversation',
          description:
            'The id is the attachment’s. Served with the type sniffed from the bytes and `X-Content-Type-Options: nosniff`; images, audio, video and PDF inline, anything else (HTML, SVG, …) as a download (`Content-Disposition: attachment`). Audio and video answer `Range: bytes=a-b` with 206. Whoever may not read the conversation gets 404; a file whose bytes are no longer in storage (removed from the disk or the bucket) is 410 GONE: attach it again to send it.',
          parameters: [idParameter('attachment id'), { name: 'Range', in: 'header', required: false, description: 'One byte range, `bytes=a-b`, `a-` or `-n`', schema: { type: 'string' } }],
          responses: {
            200: { description: 'The bytes', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } },
            206: { description: 'The bytes of the range asked (audio, video, PDF)', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } },
            ...errors(400, 401, 404, 410),
            416: { description: 'The range lies past the end of the file' },
          },
        },
      },
      '/api/v1/conversations/{id}/status': {
        post: {
          summary: 'Open, close, or snooze until a moment',
          description:
            'Closing stops every protocol running on the conversation (reason `closed`): its pending stages are cancelled. A snooze past a pending required deadline snoozes unless `pastDeadline` is `ask`: then 409 `SNOOZE_PAST_DEADLINE` with `stage`, `dueAt` and `until`, and nothing changes.',
          parameters: [idParameter('conversation id')],
          requestBody: { required: true, content: content(ref('StatusChange')) },
          responses: {
            200: { description: 'The conversation as it now is', content: content(ref('Conversation')) },
            ...errors(400, 401, 404),
            409: { description: 'SNOOZE_PAST_DEADLINE (only with `pastDeadline: "ask"`): the snooze would sleep through a pending required deadline', content: content(ref('Error')) },
          },
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
      '/api/v1/channels': {
        get: {
          summary: 'The workspace’s channels with their state; credentials only as "••••1234"',
          description: managersOnly,
          responses: { 200: { description: 'Every channel', content: content(ref('ChannelList')) }, ...errors(401, 403) },
        },
        post: {
          summary: 'Connect a channel: its credentials are checked with the provider before anything is saved',
          description: `${managersOnly} \`kind\` as in SPEC §3; an SMS channel is \`{"kind":"sms","provider":"twilio"}\`, each other kind has one provider. Telegram and Viber are told the webhook URL by Cadence; for the others paste \`webhookUrl\` (and Meta's \`verifyToken\`) in the provider's console.`,
          requestBody: { required: true, content: content(ref('CreateChannel')) },
          responses: { 201: { description: 'Connected', content: content(ref('Channel')) }, ...errors(400, 401, 403), ...providerRejected },
        },
      },
      '/api/v1/channels/{id}': {
        get: {
          summary: 'One channel',
          description: managersOnly,
          parameters: [idParameter('channel id')],
          responses: { 200: { description: 'The channel', content: content(ref('Channel')) }, ...errors(400, 401, 403, 404) },
        },
        patch: {
          summary: 'Rename, disable or enable, change settings, or replace credentials (only the fields given)',
          description: `${managersOnly} A disabled channel holds its queued messages; enabling it (or fixing one that needs attention) lets them go.`,
          parameters: [idParameter('channel id')],
          requestBody: { required: true, content: content(ref('UpdateChannel')) },
          responses: { 200: { description: 'The channel as it now is', content: content(ref('Channel')) }, ...errors(400, 401, 403, 404), ...providerRejected },
        },
        delete: {
          summary: 'Delete a channel; one that has conversations needs deleteConversations=true (or disable it to keep them)',
          description: managersOnly,
          parameters: [idParameter('channel id'), ...queryParameters(DeleteChannelQuery)],
          responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404, 409) },
        },
      },
      '/api/v1/channels/{id}/templates/sync': {
        post: {
          summary: 'Read a WhatsApp channel’s message templates from Meta now (all pages); they also sync hourly and on Meta’s status webhook',
          description: managersOnly,
          parameters: [idParameter('channel id')],
          responses: {
            200: {
              description: 'How many templates Meta listed, and how many Cadence archived because Meta no longer has them',
              content: content({ type: 'object', required: ['synced', 'archived'], properties: { synced: { type: 'integer' }, archived: { type: 'integer' } } }),
            },
            ...errors(400, 401, 403, 404),
            ...providerRejected,
          },
        },
      },
      '/api/v1/templates': {
        get: {
          summary: 'The workspace’s shared templates and the token user’s own, with WhatsApp approval status and category',
          responses: { 200: { description: 'Every template not archived', content: content(ref('TemplateList')) }, ...errors(401) },
        },
      },
      '/api/v1/conversations/{id}/followups': {
        get: {
          summary: "The conversation's follow-up log, oldest first: each follow-up scheduled, waiting, sent, skipped or cancelled, with its reason",
          parameters: [idParameter('conversation id')],
          responses: { 200: { description: 'The log', content: content(ref('FollowupLogList')) }, ...errors(400, 401, 404) },
        },
      },
      '/api/v1/followups': {
        get: {
          summary: 'Follow-ups of the workspace, active first, with their counts (managers and admins)',
          parameters: queryParameters(ListFollowupsQuery),
          responses: { 200: { description: 'The follow-ups', content: content(ref('FollowupList')) }, ...errors(400, 401, 403) },
        },
        post: {
          summary: 'Create a follow-up (managers and admins)',
          description:
            'Sent after `delayMinutes` of silence from the last message a person wrote, on either side, to open conversations on its channel kinds that meet its conditions; at its time the conditions, the window and the contact\'s quiet hours are checked again. On Instagram and Messenger a delay over 1440 minutes is clamped to 1440: the answer carries the effective `delayMinutes`, the `requestedDelayMinutes` and a warning. At most 5 active follow-ups per channel kind: one more answers 409.',
          requestBody: { required: true, content: content(ref('FollowupCreate')) },
          responses: { 201: { description: 'Created', content: content(ref('Followup')) }, ...errors(400, 401, 403, 409) },
        },
      },
      '/api/v1/followups/{id}': {
        get: {
          summary: 'One follow-up with its counts',
          parameters: [idParameter('follow-up id')],
          responses: { 200: { description: 'The follow-up', content: content(ref('Followup')) }, ...errors(400, 401, 403, 404) },
        },
        patch: {
          summary: 'Change a follow-up; only follow-ups scheduled afterwards follow the change. `"active": false` cancels its pending ones',
          parameters: [idParameter('follow-up id')],
          requestBody: { required: true, content: content(ref('FollowupPatch')) },
          responses: { 200: { description: 'The follow-up as it now is', content: content(ref('Followup')) }, ...errors(400, 401, 403, 404, 409) },
        },
        delete: {
          summary: 'Delete a follow-up: its pending ones are cancelled and logged; the logs stay',
          parameters: [idParameter('follow-up id')],
          responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404) },
        },
      },
      '/api/v1/contacts': {
        get: {
          summary: 'Contacts the token may read, newest first; `search` matches name and email words or a phone number in any formatting',
          parameters: queryParameters(ListContactsQuery),
          responses: { 200: { description: 'A page', content: content(ref('ContactPage')) }, ...errors(400, 401) },
        },
      },
      '/api/v1/contacts/{id}': {
        get: {
          summary: 'One contact',
          parameters: [idParameter('contact id')],
          responses: { 200: { description: 'The contact', content: content(ref('Contact')) }, ...errors(400, 401, 404) },
        },
        patch: {
          summary: 'Change a contact: name, email, phone, time zone, language (an empty string or null clears a field but the name)',
          parameters: [idParameter('contact id')],
          requestBody: { required: true, content: content(ref('ContactPatch')) },
          responses: { 200: { description: 'The contact as it now is', content: content(ref('Contact')) }, ...errors(400, 401, 404) },
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
      '/api/v1/users': {
        get: {
          summary: 'People of the workspace (admins): role, teams, status, last seen, open conversations',
          responses: { 200: { description: 'Everyone, by name', content: content(ref('UserList')) }, ...errors(401, 403) },
        },
        post: {
          summary: 'Invite someone (admins): a single-use link valid 7 days, emailed when SMTP is set',
          description: 'The answer carries `inviteUrl` this once (only a hash of its token is kept). 409 when the email already belongs to someone or has an open invitation (resend it instead).',
          requestBody: { required: true, content: content(ref('Invite')) },
          responses: { 201: { description: 'Invited', content: content(ref('InvitationLink')) }, ...errors(400, 401, 403, 409) },
        },
      },
      '/api/v1/users/{id}': {
        patch: {
          summary: 'Change a role or name, deactivate (`active: false`) or reactivate (admins)',
          description:
            'Effective on the person’s next request of any kind: a deactivated person’s sessions, API tokens and sockets are refused at once. 409 for a change that would leave the workspace with no active admin.',
          parameters: [idParameter('user id')],
          requestBody: { required: true, content: content(ref('UserPatch')) },
          responses: { 200: { description: 'The person as they now are', content: content(ref('User')) }, ...errors(400, 401, 403, 404, 409) },
        },
      },
      '/api/v1/users/{id}/password-reset': {
        post: {
          summary: 'Issue a password-reset link for someone (admins): single use, valid 24 hours, emailed when SMTP is set',
          description: 'Replaces any earlier link of theirs. Using it signs the person out everywhere. 409 for a deactivated person.',
          parameters: [idParameter('user id')],
          responses: { 201: { description: 'The link, shown this once', content: content(ref('PasswordReset')) }, ...errors(400, 401, 403, 404, 409) },
        },
      },
      '/api/v1/invitations': {
        get: {
          summary: 'Invitations of the workspace, newest first, with their status (admins)',
          responses: { 200: { description: 'Every invitation', content: content(ref('InvitationList')) }, ...errors(401, 403) },
        },
        post: {
          summary: 'Invite someone (admins); the same as POST /api/v1/users',
          requestBody: { required: true, content: content(ref('Invite')) },
          responses: { 201: { description: 'Invited', content: content(ref('InvitationLink')) }, ...errors(400, 401, 403, 409) },
        },
      },
      '/api/v1/invitations/{id}': {
        delete: {
          summary: 'Revoke an open invitation (admins): its link stops working',
          parameters: [idParameter('invitation id')],
          responses: { 204: { description: 'Revoked' }, ...errors(400, 401, 403, 404) },
        },
      },
      '/api/v1/invitations/{id}/resend': {
        post: {
          summary: 'A new link for an open invitation, valid 7 days from now (admins); the old link dies',
          parameters: [idParameter('invitation id')],
          responses: { 200: { description: 'The new link, shown this once', content: content(ref('InvitationLink')) }, ...errors(400, 401, 403, 404) },
        },
      },
      '/api/v1/teams': {
        get: {
          summary: 'Teams: every team for managers and admins, the teams they lead for a supervisor',
          responses: { 200: { description: 'The teams, by name', content: content(ref('TeamList')) }, ...errors(401, 403) },
        },
        post: {
          summary: 'Create a team (admins)',
          requestBody: { required: true, content: content(ref('CreateTeam')) },
          responses: { 201: { description: 'Created', content: content(ref('Team')) }, ...errors(400, 401, 403, 409) },
        },
      },
      '/api/v1/teams/{id}': {
        get: {
          summary: 'One team',
          parameters: [idParameter('team id')],
          responses: { 200: { description: 'The team', content: content(ref('Team')) }, ...errors(400, 401, 403, 404) },
        },
        patch: {
          summary: 'Change a team: admins anything; a supervisor who leads it only `memberIds`. Members and supervisors are replaced whole',
          parameters: [idParameter('team id')],
          requestBody: { required: true, content: content(ref('UpdateTeam')) },
          responses: { 200: { description: 'The team as it now is', content: content(ref('Team')) }, ...errors(400, 401, 403, 404, 409) },
        },
        delete: {
          summary: 'Delete a team (admins): its conversations keep their history and lose the team; channels routing to it route to none',
          parameters: [idParameter('team id')],
          responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404) },
        },
      },
      '/api/v1/workspace': {
        get: {
          summary: 'The workspace settings in force, defaults included (admins)',
          responses: { 200: { description: 'The workspace', content: content(ref('Workspace')) }, ...errors(401, 403) },
        },
        patch: {
          summary: 'Change workspace settings (admins); a new business quiet hours or time zone moves every pending business-clock deadline',
          requestBody: { required: true, content: content(ref('WorkspacePatch')) },
          responses: { 200: { description: 'The workspace as it now is', content: content(ref('Workspace')) }, ...errors(400, 401, 403) },
        },
      },
      '/api/v1/audit': {
        get: {
          summary: 'The audit log (admins), newest first: who did what, when, before and after (never a secret)',
          parameters: queryParameters(ListAuditQuery),
          responses: { 200: { description: 'A page', content: content(ref('AuditPage')) }, ...errors(400, 401, 403) },
        },
      },
    },
  };
}
