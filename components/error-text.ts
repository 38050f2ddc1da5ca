import { dictionaries, type MessageKey } from '@/i18n/messages';
import type { IssueCode } from '@/server/validation';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;
type ServerError = { message: string; data?: { details?: Record<string, unknown> | null; issues?: IssueCode[] | null } | null };

const isKey = (key: string): key is MessageKey => key in dictionaries.es;

/** One input problem in the reader's language; a refinement's own words where only it knows what is wrong. */
export function issueText(t: Translate, issue: IssueCode): string {
  const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const field = issue.path.split('.').at(-1) ?? '';
  // Most specific first: this field's own wording, then the kind of value, then the code's.
  const candidates = [`validation.${issue.code}.${field}`, ...(issue.code === 'custom' ? [] : [`validation.${issue.code}.${issue.origin ?? issue.format ?? ''}`, `validation.${issue.code}`])];
  const key = candidates.find(isKey);
  const problem = key ? t(key, { n: bound ?? '', values: (issue.values ?? []).join(', ') }) : issue.message;
  return issue.path ? t('validation.issue', { field: issue.path, problem }) : problem;
}

/** A server's refusal in the reader's language: the reason its details name when we explain it, otherwise its own words. */
export function errorText(t: Translate, error: ServerError): string {
  const reason = error.data?.details?.reason;
  const key = `error.${String(reason)}`;
  if (typeof reason === 'string' && isKey(key)) return t(key);
  const issues = error.data?.issues;
  if (issues?.length) return t('error.invalid', { detail: issues.map((i) => issueText(t, i)).join('; ') });
  return t('error.unexpected', { message: error.message });
}
