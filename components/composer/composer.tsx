'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { z } from 'zod';
import type { MessageKey } from '@/i18n/messages';
import type { SendMessageDraft } from '@/server/messages/schemas';
import type { MessageTag } from '@/server/windows/policy';
import { placeholdersOf } from '@/server/templates/render';
import { REASON_CODES } from '@/db/schema/values';
import { REFUSAL_CODES } from '@/server/files/outbound-limits';
import { useLocale, useT } from '../i18n';
import { upsertThreadMessage } from '../realtime/cache';
import { useTRPC } from '../trpc';
import { setServerTime } from '../ui/clock';
import { AttachButton, DraftFileChips, RefusedFiles } from './draft-files';
import { EmojiPicker } from './emoji-picker';
import { refusalText } from './refusal-text';
import { NoteComposer } from './note-composer';
import { QuietHoursPrompt } from './quiet-hours-prompt';
import { RecentReplyPrompt } from './recent-reply-prompt';
import { newDraftId } from './draft-id';
import { Suggestions } from './suggestions';
import { TemplatePicker } from './template-picker';
import { TemplateSearch } from './template-search';
import { useConversationTemplates, type ConversationTemplate } from './use-templates';
import { useDraftFiles } from './use-attachments';
import { useTypingSignal } from './use-typing-signal';
import { WindowBadge } from './window-badge';

type Props = { conversationId: string; contactName: string; channelKind: string };

const QuietHoursDetails = z.object({ sendAt: z.string(), zone: z.string(), localTime: z.string() });
const RecentReplyDetails = z.object({ by: z.string(), at: z.string() });
const AttachmentRefusalDetails = z.object({
  attachment: z.number().int().nullable(),
  refusal: z.enum(REFUSAL_CODES),
  limit: z.number().optional(),
  accepted: z.array(z.string()).optional(),
});

type Choice = { scheduleAt?: string; quietHours?: 'send_anyway'; recentReply?: 'send_anyway' };

/** Reply to the contact, or write a note for the team. */
export function Composer(props: Props) {
  const t = useT();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const tab = (value: 'reply' | 'note') => (
    <button
      type="button"
      role="tab"
      aria-selected={mode === value}
      onClick={() => setMode(value)}
      className={`rounded px-2 py-0.5 text-xs font-medium ${mode === value ? (value === 'note' ? 'bg-amber-100 text-amber-900' : 'bg-indigo-100 text-indigo-800') : 'text-slate-500 hover:bg-slate-100'}`}
    >
      {t(`composer.mode.${value}`)}
    </button>
  );
  return (
    <div className="shrink-0 border-t border-slate-200 bg-white p-3" data-testid="composer">
      <div role="tablist" aria-label={t('composer.mode')} className="mb-2 flex gap-1">
        {tab('reply')}
        {tab('note')}
      </div>
      {mode === 'reply' ? <ReplyComposer {...props} /> : <NoteComposer conversationId={props.conversationId} />}
    </div>
  );
}

/**
 * Shows what the server decided may be sent now and offers exactly that: free text, a tagged
 * message, an approved template, or nothing with the reason. The server checks again on send.
 */
function ReplyComposer({ conversationId, contactName, channelKind }: Props) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useQuery(trpc.windows.state.queryOptions({ conversationId }));
  const limits = useQuery(trpc.files.limits.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const draftFiles = useDraftFiles(channelKind, limits.data?.fileSizeCap);
  const [dragging, setDragging] = useState(false);
  const [body, setBody] = useState('');
  const [tag, setTag] = useState<MessageTag | ''>('');
  const [showTemplates, setShowTemplates] = useState(false);
  const [searching, setSearching] = useState(false);
  const [fromTemplateId, setFromTemplateId] = useState<string | undefined>(undefined);
  // SPEC §8: an SMS's links become our short links, whose clicks are recorded, unless unticked.
  const [shortenLinks, setShortenLinks] = useState(true);
  const templateData = useConversationTemplates(conversationId);
  const textarea = useRef<HTMLTextAreaElement>(null);
  // The server answers QUIET_HOURS with its proposal; the send waits here for the agent's choice.
  const [awaitingQuietHours, setAwaitingQuietHours] = useState<{ message: SendMessageDraft; choice: Choice; sendAt: string; zone: string; localTime: string } | null>(null);
  // The server answers RECENT_REPLY when a colleague answered moments ago; the send waits for a choice.
  const [awaitingRecent, setAwaitingRecent] = useState<{ message: SendMessageDraft; choice: Choice; by: string; at: string } | null>(null);
  const signal = useTypingSignal(conversationId, 'reply');
  // Names the draft until it is sent: a second click or a resend after a lost answer is stored once.
  const [draftId, setDraftId] = useState(newDraftId);
  // React disables the button only on its next render; two clicks in one frame must not both go.
  const inFlight = useRef(false);

  useEffect(() => {
    if (state.data) setServerTime(state.data.serverNow, state.dataUpdatedAt);
  }, [state.data, state.dataUpdatedAt]);

  const refreshState = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.windows.state.queryKey({ conversationId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.templates.forConversation.queryKey({ conversationId }) });
  }, [conversationId, queryClient, trpc]);

  const send = useMutation(
    trpc.messages.send.mutationOptions({
      onSuccess: (message) => {
        // Already in the thread means a live event brought it, at least as new as this answer.
        upsertThreadMessage(queryClient, trpc.messages.thread.pathKey(), message, () => false);
        setDraftId(newDraftId());
        setBody('');
        setFromTemplateId(undefined);
        draftFiles.clear();
        setShowTemplates(false);
        setAwaitingQuietHours(null);
        setAwaitingRecent(null);
        signal.stop();
      },
      onError: (error, variables) => {
        const choice: Choice = { scheduleAt: variables.scheduleAt, quietHours: variables.quietHours === 'send_anyway' ? 'send_anyway' : undefined, recentReply: variables.recentReply === 'send_anyway' ? 'send_anyway' : undefined };
        const quiet = QuietHoursDetails.safeParse(error.data?.details);
        if (error.data?.appCode === 'QUIET_HOURS' && quiet.success) setAwaitingQuietHours({ message: variables.message, choice, ...quiet.data });
        const recent = RecentReplyDetails.safeParse(error.data?.details);
        if (error.data?.appCode === 'RECENT_REPLY' && recent.success) setAwaitingRecent({ message: variables.message, choice, ...recent.data });
        // An earlier attempt whose answer was lost went out; what is written now is a new message.
        if (error.data?.appCode === 'IDEMPOTENCY_KEY_REUSED') setDraftId(newDraftId());
      },
      onSettled: () => {
        inFlight.current = false;
        refreshState();
      },
    }),
  );

  const w = state.data?.window;
  const freeForm = w?.allowed.includes('free_form') ?? false;
  const tagged = w?.allowed.includes('tagged') ?? false;
  const templates = w?.allowed.includes('template') ?? false;
  const textEnabled = freeForm || tagged;
  const needsTag = !freeForm && tagged;
  const picking = showTemplates || (!textEnabled && templates);

  function attempt(message: SendMessageDraft, choice: Choice = {}) {
    if (inFlight.current) return;
    inFlight.current = true;
    send.mutate({ conversationId, message, clientMessageId: draftId, ...(channelKind === 'sms' ? { shortenLinks } : {}), ...choice });
  }

  const unfilled = placeholdersOf(body);

  const files = draftFiles.uploadIds;
  // A photo alone is a message; a file still on its way up, or one that failed, holds the send.
  const sendable = (body.trim() !== '' || files.length > 0) && !draftFiles.uploading && !draftFiles.failed;

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!sendable || send.isPending || !textEnabled || unfilled.length > 0) return;
    if (needsTag && !tag) return;
    const attachments = files.length > 0 ? { attachments: files } : {};
    attempt(tag ? { kind: 'tagged', tag, body, ...attachments } : { kind: 'free_form', body, fromTemplateId, ...attachments });
  }

  /** A pasted image (a screenshot, a copied photo) is attached; pasted text stays text. */
  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const pasted = [...event.clipboardData.files];
    if (pasted.length === 0) return;
    event.preventDefault();
    draftFiles.add(pasted);
  }

  const dropHandlers = textEnabled
    ? {
        onDragOver: (event: DragEvent) => {
          if (!event.dataTransfer.types.includes('Files')) return;
          event.preventDefault();
          setDragging(true);
        },
        onDragLeave: (event: DragEvent) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        },
        onDrop: (event: DragEvent) => {
          if (event.dataTransfer.files.length === 0) return;
          event.preventDefault();
          setDragging(false);
          draftFiles.add([...event.dataTransfer.files]);
        },
      }
    : {};

  /** Inserting a template fills what is known; what is not stays visible as {{name}}. */
  function insert(template: ConversationTemplate) {
    setBody(templateData.fill(template).text);
    setFromTemplateId(template.id);
    setSearching(false);
    requestAnimationFrame(() => textarea.current?.focus());
  }

  /** An emoji goes where the caret is, and the caret after it. */
  function insertEmoji(emoji: string) {
    const el = textarea.current;
    const at = el ? [el.selectionStart, el.selectionEnd] : [body.length, body.length];
    const next = body.slice(0, at[0]) + emoji + body.slice(at[1]);
    setBody(next);
    signal.changed(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at[0]! + emoji.length, at[0]! + emoji.length);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === '/' && body === '') {
      event.preventDefault();
      setSearching(true);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  }

  const errorCode = send.error?.data?.appCode;
  const refusedDetails = AttachmentRefusalDetails.safeParse(send.error?.data?.details);
  const refusedUpload = refusedDetails.success && refusedDetails.data.attachment !== null ? draftFiles.files.filter((f) => f.upload)[refusedDetails.data.attachment]?.upload : undefined;
  const errorText =
    errorCode === 'IDEMPOTENCY_KEY_REUSED'
      ? t('composer.alreadySent')
      : errorCode === 'ATTACHMENT_NOT_ACCEPTED' && refusedDetails.success
        ? t('composer.attachmentRefused', {
            reason: refusalText(t, locale, channelKind, { ...refusedDetails.data, code: refusedDetails.data.refusal, reason: send.error?.message ?? '' }, refusedUpload ?? { size: 0, kind: 'document' }),
          })
      : errorCode && (REASON_CODES as readonly string[]).includes(errorCode)
        ? t(`reason.${errorCode}` as MessageKey)
        : send.error?.message;

  return (
    <>
      <div className="mb-2 flex flex-wrap items-center gap-2">
        {w && <WindowBadge window={w} onExpire={refreshState} />}
        {w?.billed === 'viber_outside_window' && <span className="text-xs text-amber-700">{t('composer.viberBilled')}</span>}
        {templates && textEnabled && (
          <button type="button" onClick={() => setShowTemplates((v) => !v)} className="ml-auto rounded px-2 py-0.5 text-xs text-indigo-700 hover:bg-indigo-50">
            {t('composer.templates')}
          </button>
        )}
      </div>
      {w && !freeForm && w.reason && (
        <p role="note" data-testid="window-reason" className="mb-2 rounded bg-slate-50 px-3 py-1.5 text-sm text-slate-700 ring-1 ring-slate-200">
          {t(`reason.${w.reason}` as MessageKey)}
        </p>
      )}
      {send.error && !awaitingQuietHours && !awaitingRecent && (
        <p role="alert" className="mb-2 rounded bg-red-50 px-3 py-1.5 text-sm text-red-700">
          {t('composer.failed', { reason: errorText ?? '' })}
        </p>
      )}
      {awaitingQuietHours && (
        <QuietHoursPrompt
          contactName={contactName}
          zone={awaitingQuietHours.zone}
          localTime={awaitingQuietHours.localTime}
          sendAt={awaitingQuietHours.sendAt}
          onSchedule={() => attempt(awaitingQuietHours.message, { ...awaitingQuietHours.choice, scheduleAt: awaitingQuietHours.sendAt })}
          onSendNow={() => attempt(awaitingQuietHours.message, { ...awaitingQuietHours.choice, quietHours: 'send_anyway' })}
          onCancel={() => setAwaitingQuietHours(null)}
        />
      )}
      {awaitingRecent && (
        <RecentReplyPrompt
          name={awaitingRecent.by}
          at={awaitingRecent.at}
          onSend={() => attempt(awaitingRecent.message, { ...awaitingRecent.choice, recentReply: 'send_anyway' })}
          onCancel={() => setAwaitingRecent(null)}
        />
      )}
      {picking ? (
        <TemplatePicker
          conversationId={conversationId}
          pending={send.isPending}
          onSend={(templateId, params) => attempt({ kind: 'template', templateId, params })}
          onClose={textEnabled ? () => setShowTemplates(false) : undefined}
        />
      ) : (
        <form onSubmit={submit} className={`space-y-2 rounded ${dragging ? 'outline-dashed outline-2 outline-offset-2 outline-indigo-400' : ''}`} {...dropHandlers} data-testid="reply-form">
          {dragging && <p className="text-xs font-medium text-indigo-700">{t('composer.dropHere')}</p>}
          {freeForm && <Suggestions templates={templateData.suggestions} onInsert={insert} />}
          {searching && (
            <TemplateSearch
              templates={templateData.all}
              onPick={insert}
              onClose={() => {
                setSearching(false);
                textarea.current?.focus();
              }}
            />
          )}
          {tagged && (
            <label className="flex items-center gap-2 text-xs text-slate-600">
              {t('composer.tag')}
              <select
                value={tag}
                onChange={(e) => setTag(e.target.value as MessageTag | '')}
                required={needsTag}
                className="rounded border border-slate-300 px-2 py-1 text-xs"
              >
                <option value="">{needsTag ? t('composer.tagPick') : '—'}</option>
                {w?.tags.map((x) => (
                  <option key={x} value={x}>
                    {t(`composer.tag.${x}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <RefusedFiles refused={draftFiles.refused} channelKind={channelKind} onDismiss={draftFiles.dismissRefused} />
          <DraftFileChips files={draftFiles.files} onRemove={draftFiles.remove} />
          <div className="relative flex items-end gap-2">
            <textarea
              ref={textarea}
              aria-label={t('composer.label')}
              aria-describedby="composer-hint"
              value={body}
              onChange={(e) => {
                setBody(e.target.value);
                signal.changed(e.target.value);
                if (e.target.value === '') setFromTemplateId(undefined);
              }}
              onBlur={signal.stop}
              onKeyDown={onKeyDown}
              onPaste={onPaste}
              disabled={!textEnabled}
              rows={2}
              maxLength={4096}
              placeholder={t('composer.placeholder')}
              className="min-h-[2.5rem] min-w-0 flex-1 resize-y rounded border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200 disabled:bg-slate-100"
            />
            <AttachButton onFiles={draftFiles.add} disabled={!textEnabled || limits.data === undefined} />
            <EmojiPicker onPick={insertEmoji} disabled={!textEnabled} />
            <button
              type="submit"
              disabled={!textEnabled || !sendable || send.isPending || (needsTag && !tag) || unfilled.length > 0}
              className="rounded bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50"
            >
              {send.isPending ? t('composer.sending') : t('composer.send')}
            </button>
          </div>
          {channelKind === 'sms' && body.includes('https://') && (
            <label className="flex items-center gap-1 text-xs text-slate-600">
              <input type="checkbox" checked={shortenLinks} onChange={(e) => setShortenLinks(e.target.checked)} data-testid="shorten-links" />
              {t('composer.shortenLinks')}
            </label>
          )}
          <p id="composer-hint" className={`text-xs ${unfilled.length > 0 ? 'text-amber-700' : 'text-slate-500'}`} data-testid="composer-hint">
            {unfilled.length > 0 ? t('composer.unfilled', { names: unfilled.map((p) => `{{${p}}}`).join(', ') }) : t('composer.slashHint')}
          </p>
        </form>
      )}
    </>
  );
}
