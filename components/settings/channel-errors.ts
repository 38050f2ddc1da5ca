import type { z } from 'zod';
import type { MessageKey } from '@/i18n/messages';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** What the page needs of a tRPC error: the domain code and its facts (server/trpc.ts's formatter). */
export type ServerError = { message: string; data?: { appCode?: string | null; code?: string; details?: Record<string, unknown> | null } | null };

/**
 * A refusal in the user's language. A provider's reason is its own words, shown as given; an
 * input the form did not catch keeps the server's text, which names the field.
 */
export function serverErrorText(t: Translate, error: ServerError): string {
  const code = error.data?.appCode ?? error.data?.code;
  switch (code) {
    case 'PROVIDER_REJECTED':
      return t('channels.error.providerRejected', { reason: error.message });
    case 'FORBIDDEN':
      return t('channels.error.forbidden');
    case 'NOT_FOUND':
      return t('channels.error.notFound');
    case 'INVALID_INPUT':
    case 'BAD_REQUEST':
      return t('channels.error.invalid', { detail: error.message });
    case 'UNAVAILABLE':
      return t('channels.error.unavailable');
    default:
      return t('channels.error.failed');
  }
}

/** Credential fields whose formats have a rule worth saying (server/channels/credentials.ts). */
const FORMAT_HINTS: Partial<Record<string, MessageKey>> = {
  phoneNumberId: 'channels.hint.digits',
  wabaId: 'channels.hint.digits',
  pageId: 'channels.hint.digits',
  accountId: 'channels.hint.digits',
  accountSid: 'channels.hint.accountSid',
  messagingServiceSid: 'channels.hint.messagingServiceSid',
  botToken: 'channels.hint.botToken',
  token: 'channels.hint.wechatToken',
  senderId: 'channels.hint.senderId',
  wechatMessageCap: 'channels.hint.wechatMessageCap',
};

/** A check of the form's draft (the server's own schema), said in the user's language, by field. */
export function issueText(t: Translate, issue: z.core.$ZodIssue): string {
  const hint = FORMAT_HINTS[String(issue.path[issue.path.length - 1] ?? '')];
  const ruleOrInvalid = hint ? t(hint) : t('channels.check.invalid');
  switch (issue.code) {
    case 'invalid_type':
      return t('channels.check.required');
    case 'too_small':
      return issue.origin === 'string' ? t('channels.check.required') : ruleOrInvalid;
    case 'too_big':
      return issue.origin === 'string' ? t('channels.check.tooLong') : ruleOrInvalid;
    case 'invalid_format':
      return hint ? t(hint) : t('channels.check.format');
    case 'custom':
      return t('channels.check.oneSender');
    default:
      return ruleOrInvalid;
  }
}
