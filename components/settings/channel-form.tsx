'use client';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { MessageKey } from '@/i18n/messages';
import { credentialFields, providerOfKind } from '@/server/channels/credentials';
import { CreateChannelBody, type ApiChannel } from '@/server/channels/settings/schemas';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';
import { issueText, serverErrorText } from './channel-errors';

type Kind = CreateChannelBody['kind'];

/** Every kind a manager can connect here, in the order of SPEC §3 (the schema's own list). */
export const CONNECTABLE_KINDS: Kind[] = CreateChannelBody.options.map((o) => o.shape.kind.value);

/** Identifiers are shown as typed; tokens and secrets are typed blind. */
export const SECRET_FIELDS = new Set(['accessToken', 'appSecret', 'pageAccessToken', 'authToken', 'botToken', 'channelAccessToken', 'channelSecret', 'token']);

/** Meta's ids are digits only: a phone's keypad is the right one. */
const NUMERIC_FIELDS = new Set(['phoneNumberId', 'wabaId', 'pageId', 'accountId']);

/** Twilio sends from a number or through a messaging service: one of the two. */
const TWILIO_SENDERS = ['from', 'messagingServiceSid'] as const;
type TwilioSender = (typeof TWILIO_SENDERS)[number];

type Draft = {
  kind: Kind;
  name: string;
  credentials: Record<string, string>;
  sender: TwilioSender;
  alphanumeric: boolean;
  senderId: string;
  senderName: string;
  wechatMessageCap: string;
};

const emptyDraft = (kind: Kind): Draft => ({ kind, name: '', credentials: {}, sender: 'from', alphanumeric: false, senderId: '', senderName: '', wechatMessageCap: '5' });

/** The fields the draft's provider asks for, Twilio's unused sender left out. */
function fieldsOf(draft: Draft): string[] {
  const provider = providerOfKind[draft.kind]!;
  return credentialFields[provider].filter((f) => provider !== 'twilio' || !(TWILIO_SENDERS as readonly string[]).includes(f) || f === draft.sender);
}

/** The draft as the API takes it. */
function bodyOf(draft: Draft): unknown {
  const settings =
    draft.kind === 'sms' && draft.alphanumeric
      ? { senderId: draft.senderId }
      : draft.kind === 'viber' && draft.senderName.trim()
        ? { senderName: draft.senderName }
        : draft.kind === 'wechat'
          ? { wechatMessageCap: draft.wechatMessageCap === '' ? Number.NaN : Number(draft.wechatMessageCap) }
          : {};
  return {
    kind: draft.kind,
    ...(draft.kind === 'sms' ? { provider: 'twilio' } : {}),
    name: draft.name,
    credentials: Object.fromEntries(fieldsOf(draft).map((f) => [f, draft.credentials[f] ?? ''])),
    settings,
  };
}

/** Connects a channel of any kind; the draft is checked with the server's own schema before it is sent. */
export function ChannelForm({ onConnected, onCancel }: { onConnected: (channel: ApiChannel) => void; onCancel: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const formId = useId();
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft('whatsapp'));
  const [checked, setChecked] = useState(false);
  const create = useMutation(trpc.channels.create.mutationOptions({ onSuccess: onConnected }));

  const parsed = CreateChannelBody.safeParse(bodyOf(draft));
  const errors = new Map<string, string>();
  if (checked && !parsed.success) for (const issue of parsed.error.issues) errors.set(issue.path.join('.'), issueText(t, issue));
  const fieldId = (path: string) => `${formId}-${path.replace(/\W/g, '-')}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (!parsed.success) {
      // Straight to the first field to fix, as a screen reader user would want.
      const first = parsed.error.issues[0]?.path.join('.');
      if (first) form.current?.querySelector<HTMLElement>(`#${CSS.escape(fieldId(first))}`)?.focus();
      return;
    }
    create.mutate(parsed.data);
  }

  const input = (path: string, label: string, props: { value: string; onChange: (v: string) => void; type?: string; autoComplete?: string; inputMode?: 'numeric' | 'text'; mono?: boolean }) => {
    const error = errors.get(path);
    return (
      <label key={path} className="flex min-w-0 flex-col gap-0.5">
        <span className="text-xs text-slate-600">{label}</span>
        <input
          id={fieldId(path)}
          type={props.type ?? 'text'}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          autoComplete={props.autoComplete ?? 'off'}
          inputMode={props.inputMode}
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fieldId(path)}-error` : undefined}
          className={`w-full rounded border px-2 py-1 text-sm ${props.mono ? 'font-mono' : ''} ${error ? 'border-red-400' : 'border-slate-300'}`}
        />
        {error && (
          <span id={`${fieldId(path)}-error`} className="text-xs text-red-700">
            {error}
          </span>
        )}
      </label>
    );
  };
  const credential = (field: string) =>
    input(`credentials.${field}`, t(`channels.field.${field}` as MessageKey), {
      value: draft.credentials[field] ?? '',
      onChange: (v) => setDraft({ ...draft, credentials: { ...draft.credentials, [field]: v } }),
      type: SECRET_FIELDS.has(field) ? 'password' : 'text',
      autoComplete: SECRET_FIELDS.has(field) ? 'new-password' : 'off',
      inputMode: NUMERIC_FIELDS.has(field) ? 'numeric' : 'text',
      mono: true,
    });

  return (
    <form ref={form} onSubmit={submit} noValidate aria-labelledby={`${formId}-title`} className="space-y-3 rounded border border-indigo-200 bg-white p-3 text-sm sm:p-4">
      <h2 id={`${formId}-title`} className="font-medium">
        {t('channels.add.title')}
      </h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-slate-600">{t('channels.kind')}</span>
          <select
            value={draft.kind}
            onChange={(e) => {
              setChecked(false);
              setDraft({ ...emptyDraft(e.target.value as Kind), name: draft.name });
            }}
            className="rounded border border-slate-300 px-2 py-1"
          >
            {CONNECTABLE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`channel.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        {input('name', t('channels.name'), { value: draft.name, onChange: (v) => setDraft({ ...draft, name: v }) })}
      </div>
      <p className="text-xs text-slate-600">{t(`channels.help.${draft.kind}` as MessageKey)}</p>
      {draft.kind === 'sms' && (
        <fieldset className="flex flex-wrap gap-x-4 gap-y-1">
          <legend className="text-xs text-slate-600">{t('channels.twilio.sendsWith')}</legend>
          {TWILIO_SENDERS.map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input type="radio" name={`${formId}-sender`} checked={draft.sender === s} onChange={() => setDraft({ ...draft, sender: s })} />
              {t(`channels.field.${s}` as MessageKey)}
            </label>
          ))}
        </fieldset>
      )}
      <div className="grid gap-3 sm:grid-cols-2">{fieldsOf(draft).map(credential)}</div>
      {draft.kind === 'sms' && (
        <div className="space-y-2">
          <label className="flex items-start gap-2">
            <input type="checkbox" className="mt-0.5" checked={draft.alphanumeric} onChange={(e) => setDraft({ ...draft, alphanumeric: e.target.checked })} />
            <span>
              {t('channels.twilio.alphanumeric')}
              <span className="block text-xs text-slate-500">{t('channels.twilio.alphanumericHelp')}</span>
            </span>
          </label>
          {draft.alphanumeric && input('settings.senderId', t('channels.field.senderId'), { value: draft.senderId, onChange: (v) => setDraft({ ...draft, senderId: v }) })}
        </div>
      )}
      {draft.kind === 'viber' && input('settings.senderName', t('channels.field.senderName'), { value: draft.senderName, onChange: (v) => setDraft({ ...draft, senderName: v }) })}
      {draft.kind === 'wechat' &&
        input('settings.wechatMessageCap', t('channels.field.wechatMessageCap'), {
          value: draft.wechatMessageCap,
          onChange: (v) => setDraft({ ...draft, wechatMessageCap: v }),
          type: 'number',
          inputMode: 'numeric',
        })}
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" disabled={create.isPending} className="rounded bg-indigo-600 px-3 py-1 text-white disabled:opacity-50">
          {create.isPending ? t('channels.add.checking') : t('channels.add.submit')}
        </button>
        <button type="button" onClick={onCancel} className="px-3 py-1 text-slate-600">
          {t('channels.cancel')}
        </button>
        {checked && !parsed.success && (
          <span role="alert" className="text-xs text-red-700">
            {t('channels.check.fix')}
          </span>
        )}
      </div>
      {create.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-1.5 text-sm text-red-700">
          {serverErrorText(t, create.error)}
        </p>
      )}
    </form>
  );
}
