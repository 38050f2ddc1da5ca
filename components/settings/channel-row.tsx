'use client';
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { MessageKey } from '@/i18n/messages';
import { credentialFields } from '@/server/channels/credentials';
import { explainFailure } from '@/server/channels/provider-errors';
import type { ApiChannel, UpdateChannelBody } from '@/server/channels/settings/schemas';
import { useLocale, useT } from '../i18n';
import { useTRPC } from '../trpc';
import { CopyField } from '../ui/copy-field';
import { serverErrorText } from './channel-errors';
import { SECRET_FIELDS } from './channel-form';

const BADGE: Record<ApiChannel['state'], string> = {
  connected: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  needs_attention: 'bg-amber-50 text-amber-900 ring-amber-300',
  disabled: 'bg-slate-100 text-slate-600 ring-slate-200',
};

/** Cadence tells these providers the webhook URL itself; for the others a manager pastes it. */
const SELF_REGISTERING = new Set(['telegram', 'viber']);

/** What to paste in the provider's console (or that Cadence told the provider itself). */
export function WebhookSetup({ channel, testIdPrefix }: { channel: ApiChannel; testIdPrefix: string }) {
  const t = useT();
  if (!channel.webhookUrl) return null;
  return (
    <div className="space-y-1">
      <CopyField label={t('channels.webhookUrl')} value={channel.webhookUrl} testId={`webhook-url-${testIdPrefix}`} />
      {channel.verifyToken && <CopyField label={t('channels.verifyToken')} value={channel.verifyToken} testId={`verify-token-${testIdPrefix}`} />}
      <p className="text-xs text-slate-500">{SELF_REGISTERING.has(channel.kind) ? t('channels.registeredByCadence') : t('channels.pasteInConsole')}</p>
    </div>
  );
}

/** Twilio's two senders exclude each other: setting one clears the other. */
const EXCLUSIVE: Record<string, string> = { from: 'messagingServiceSid', messagingServiceSid: 'from' };

const cancelOnEscape = (cancel: () => void) => (event: KeyboardEvent) => {
  if (event.key === 'Escape') cancel();
};

/** One credential: "••••1234" and "replace", which opens a blind input for a new value. */
function CredentialLine({ channel, field, onSave, saving }: { channel: ApiChannel; field: string; onSave: (changes: UpdateChannelBody) => void; saving: boolean }) {
  const t = useT();
  const id = useId();
  const [value, setValue] = useState<string | null>(null);
  const shown = channel.credentials[field];
  const label = t(`channels.field.${field}` as MessageKey);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!value?.trim()) return;
    const other = EXCLUSIVE[field];
    onSave({ credentials: { [field]: value, ...(channel.provider === 'twilio' && other && channel.credentials[other] ? { [other]: null } : {}) } });
    setValue(null);
  }

  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
      <span className="w-40 shrink-0 text-slate-600">{label}</span>
      {value === null ? (
        <>
          <span className="font-mono" data-testid={`credential-${field}`}>
            {shown ?? '—'}
          </span>
          <button
            type="button"
            onClick={() => setValue('')}
            aria-label={t(shown ? 'channels.replaceLabelled' : 'channels.setLabelled', { what: label })}
            className="rounded px-1.5 py-0.5 text-indigo-700 hover:bg-indigo-50"
          >
            {shown ? t('channels.replace') : t('channels.set')}
          </button>
        </>
      ) : (
        <form onSubmit={submit} onKeyDown={cancelOnEscape(() => setValue(null))} className="flex min-w-0 flex-1 flex-wrap items-center gap-1">
          <label htmlFor={id} className="sr-only">
            {t('channels.newValue', { what: label })}
          </label>
          <input
            id={id}
            autoFocus
            type={SECRET_FIELDS.has(field) ? 'password' : 'text'}
            autoComplete={SECRET_FIELDS.has(field) ? 'new-password' : 'off'}
            spellCheck={false}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-0.5 font-mono"
          />
          <button type="submit" disabled={saving || !value.trim()} className="rounded bg-indigo-600 px-2 py-0.5 text-white disabled:opacity-50">
            {t('channels.checkAndSave')}
          </button>
          <button type="button" onClick={() => setValue(null)} className="px-2 py-0.5 text-slate-600">
            {t('channels.cancel')}
          </button>
        </form>
      )}
    </li>
  );
}

/** One channel: its state (with the provider's reason), what to paste where, its credentials masked, and what a manager may do with it. */
export function ChannelRow({ channel, onChanged }: { channel: ApiChannel; onChanged: () => void }) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const nameId = useId();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const update = useMutation(trpc.channels.update.mutationOptions({ onSuccess: () => onChanged() }));
  const remove = useMutation(trpc.channels.delete.mutationOptions({ onSuccess: () => onChanged() }));
  const sync = useMutation(trpc.channels.syncTemplates.mutationOptions());
  const save = (changes: UpdateChannelBody) => update.mutate({ channelId: channel.id, changes });
  const conversations = remove.error?.data?.appCode === 'CONFLICT' ? Number(remove.error.data.details?.conversations ?? 0) : 0;
  const reason = channel.stateReason && (explainFailure(channel.stateReason, locale) ?? channel.stateReason);

  function rename(event: FormEvent) {
    event.preventDefault();
    if (!renaming?.trim()) return;
    save({ name: renaming });
    setRenaming(null);
  }

  return (
    <li aria-labelledby={nameId} data-testid="channel" data-state={channel.state} className="space-y-2 px-3 py-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium uppercase tracking-wide text-slate-600">{t(`channel.${channel.kind}` as MessageKey)}</span>
        {renaming === null ? (
          <span id={nameId} className="min-w-0 font-medium break-words">
            {channel.name}
          </span>
        ) : (
          <form onSubmit={rename} onKeyDown={cancelOnEscape(() => setRenaming(null))} className="flex min-w-0 flex-1 flex-wrap items-center gap-1">
            <label className="sr-only" htmlFor={`${nameId}-input`}>
              {t('channels.name')}
            </label>
            <input id={`${nameId}-input`} autoFocus maxLength={100} value={renaming} onChange={(e) => setRenaming(e.target.value)} className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-0.5" />
            <button type="submit" disabled={!renaming.trim()} className="rounded bg-indigo-600 px-2 py-0.5 text-xs text-white disabled:opacity-50">
              {t('channels.save')}
            </button>
            <button type="button" onClick={() => setRenaming(null)} className="px-2 py-0.5 text-xs text-slate-600">
              {t('channels.cancel')}
            </button>
            <span id={nameId} className="sr-only">
              {channel.name}
            </span>
          </form>
        )}
        <span data-testid="channel-state" className={`rounded px-1.5 py-0.5 text-xs ring-1 ${BADGE[channel.state]}`}>
          {t(`channels.state.${channel.state}` as MessageKey)}
        </span>
      </div>
      {channel.state === 'needs_attention' && reason && (
        <p role="note" className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">
          {reason}
        </p>
      )}
      <WebhookSetup channel={channel} testIdPrefix={channel.id} />
      {channel.provider && (
        <details>
          <summary className="cursor-pointer text-xs text-slate-600">{t('channels.credentials')}</summary>
          <ul className="mt-1 space-y-1">
            {credentialFields[channel.provider].map((field) => (
              <CredentialLine key={field} channel={channel} field={field} onSave={save} saving={update.isPending} />
            ))}
          </ul>
        </details>
      )}
      <div className="flex flex-wrap gap-1 text-xs">
        {renaming === null && (
          <button type="button" onClick={() => setRenaming(channel.name)} className="rounded px-2 py-1 text-indigo-700 hover:bg-indigo-50">
            {t('channels.rename')}
          </button>
        )}
        {channel.state === 'disabled' ? (
          <button type="button" disabled={update.isPending} onClick={() => save({ state: 'connected' })} className="rounded px-2 py-1 text-emerald-800 hover:bg-emerald-50">
            {t('channels.enable')}
          </button>
        ) : (
          <>
            {channel.state === 'needs_attention' && (
              <button type="button" disabled={update.isPending} onClick={() => save({ state: 'connected' })} className="rounded px-2 py-1 text-emerald-800 hover:bg-emerald-50">
                {t('channels.reconnect')}
              </button>
            )}
            <button type="button" disabled={update.isPending} onClick={() => save({ state: 'disabled' })} className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100">
              {t('channels.disable')}
            </button>
          </>
        )}
        {channel.provider === 'whatsapp' && channel.state === 'connected' && (
          <button type="button" disabled={sync.isPending} onClick={() => sync.mutate({ channelId: channel.id })} className="rounded px-2 py-1 text-indigo-700 hover:bg-indigo-50 disabled:opacity-50">
            {sync.isPending ? t('channels.syncingTemplates') : t('channels.syncTemplates')}
          </button>
        )}
        {!confirming && (
          <button type="button" onClick={() => setConfirming(true)} className="rounded px-2 py-1 text-red-700 hover:bg-red-50">
            {t('channels.delete')}
          </button>
        )}
      </div>
      {confirming && (
        <div role="alertdialog" aria-labelledby={`${nameId}-confirm`} onKeyDown={cancelOnEscape(() => setConfirming(false))} className="space-y-2 rounded bg-red-50 p-2 text-xs ring-1 ring-red-200">
          <p id={`${nameId}-confirm`} className="text-red-900">
            {conversations > 0 ? t('channels.delete.hasConversations', { n: conversations }) : t('channels.delete.confirm', { name: channel.name })}
          </p>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              autoFocus
              disabled={remove.isPending}
              onClick={() => remove.mutate({ channelId: channel.id, deleteConversations: conversations > 0 })}
              className="rounded bg-red-700 px-2 py-1 text-red-50 disabled:opacity-50"
            >
              {conversations > 0 ? t('channels.delete.withConversations', { n: conversations }) : t('channels.delete.yes')}
            </button>
            {conversations > 0 && channel.state !== 'disabled' && (
              <button
                type="button"
                onClick={() => {
                  save({ state: 'disabled' });
                  setConfirming(false);
                  remove.reset();
                }}
                className="rounded px-2 py-1 text-slate-800 ring-1 ring-slate-300 hover:bg-white"
              >
                {t('channels.delete.disableInstead')}
              </button>
            )}
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                remove.reset();
              }}
              className="px-2 py-1 text-slate-600"
            >
              {t('channels.cancel')}
            </button>
          </div>
        </div>
      )}
      {update.error && (
        <p role="alert" className="text-xs text-red-700">
          {serverErrorText(t, update.error)}
        </p>
      )}
      {sync.data && (
        <p role="status" className="text-xs text-slate-600">
          {t('channels.templatesSynced', { n: sync.data.synced, archived: sync.data.archived })}
        </p>
      )}
      {sync.error && (
        <p role="alert" className="text-xs text-red-700">
          {serverErrorText(t, sync.error)}
        </p>
      )}
      {remove.error && remove.error.data?.appCode !== 'CONFLICT' && (
        <p role="alert" className="text-xs text-red-700">
          {serverErrorText(t, remove.error)}
        </p>
      )}
    </li>
  );
}
