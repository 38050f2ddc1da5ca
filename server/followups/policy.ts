import type { FollowupConditions, FollowupMessage, FollowupStopTrigger } from '@/db/schema/followups';
import type { CONVERSATION_STATUSES, FOLLOWUP_RUN_STATUSES } from '@/db/schema/values';
import type { TemplateStage } from '@/server/templates/suggest';
import { renderTemplate } from '@/server/templates/render';
import { refusalFor, type ChannelKind, type Window } from '@/server/windows/policy';
import { quietHoursFor, type DaytimeHours } from '@/server/windows/quiet-hours';

/*
 * Follow-ups (SPEC §7) as pure rules: which conversations a follow-up applies to, when it is
 * due, what an interaction or a stop trigger does to the scheduled ones, and what happens when
 * one falls due. Time is always an argument.
 */

const MINUTE_MS = 60_000;
/** Meta's window: Instagram and Messenger deliver only within 24 h of the contact's last message. */
export const META_WINDOW_MINUTES = 24 * 60;
export const MAX_DELAY_MINUTES = 30 * 24 * 60;
/** At most this many active follow-ups run on one channel (SPEC §7). */
export const MAX_ACTIVE_PER_CHANNEL = 5;
const CLAMPED_KINDS: readonly ChannelKind[] = ['instagram', 'messenger'];

/** The delay a follow-up runs with: over 24 h on Instagram or Messenger, 24 h. */
export function effectiveDelay(requestedMinutes: number, channelKinds: readonly ChannelKind[]): { delayMinutes: number; requestedDelayMinutes: number | null } {
  const clamped = requestedMinutes > META_WINDOW_MINUTES && channelKinds.some((k) => CLAMPED_KINDS.includes(k));
  return clamped ? { delayMinutes: META_WINDOW_MINUTES, requestedDelayMinutes: requestedMinutes } : { delayMinutes: requestedMinutes, requestedDelayMinutes: null };
}

/** Past 24 h the WhatsApp window has closed, and only an approved template is delivered. */
export const whatsappTemplateRequired = (channelKinds: readonly ChannelKind[], delayMinutes: number) =>
  channelKinds.includes('whatsapp') && delayMinutes > META_WINDOW_MINUTES;

export const dueTime = (lastInteractionAt: Date, delayMinutes: number) => new Date(lastInteractionAt.getTime() + delayMinutes * MINUTE_MS);

/**
 * The channel kind that activating a follow-up on `channelKinds` would take past the limit, or
 * null. `activeElsewhere` counts, per kind, the other active follow-ups.
 */
export function overActiveLimit(channelKinds: readonly ChannelKind[], activeElsewhere: ReadonlyMap<ChannelKind, number>): ChannelKind | null {
  return channelKinds.find((k) => (activeElsewhere.get(k) ?? 0) >= MAX_ACTIVE_PER_CHANNEL) ?? null;
}

/** A conversation as the rules read it. */
export type FollowupConversation = {
  channelKind: ChannelKind;
  status: (typeof CONVERSATION_STATUSES)[number];
  /** The last message a person wrote, on either side: a silence starts there (automations start none). */
  lastInteractionAt: Date | null;
  /** The newest message, whoever wrote it, is ours: the contact has not answered. */
  lastMessageOurs: boolean;
  labelIds: readonly string[];
  stage: TemplateStage | null;
};

export type FollowupRule = { id: string; channelKinds: readonly ChannelKind[]; delayMinutes: number; conditions: FollowupConditions };

/** Why a conversation does not qualify (also the reason of a skip or a cancel). */
export type Disqualified = 'not_for_channel' | 'not_open' | 'no_interaction' | 'answered' | 'other_stage' | 'missing_label' | 'excluded_label';

export function disqualification(c: FollowupConversation, rule: Pick<FollowupRule, 'channelKinds' | 'conditions'>): Disqualified | null {
  return rule.channelKinds.includes(c.channelKind) ? unmetCondition(c, rule.conditions) : 'not_for_channel';
}

function unmetCondition(c: FollowupConversation, conditions: FollowupConditions): Exclude<Disqualified, 'not_for_channel'> | null {
  if (c.status !== 'open') return 'not_open';
  if (!c.lastInteractionAt) return 'no_interaction';
  if (conditions.lastMessageOurs && !c.lastMessageOurs) return 'answered';
  if (conditions.stage && c.stage !== conditions.stage) return 'other_stage';
  if (conditions.labelIds.some((id) => !c.labelIds.includes(id))) return 'missing_label';
  if (conditions.withoutLabelIds.some((id) => c.labelIds.includes(id))) return 'excluded_label';
  return null;
}

export const qualifies = (c: FollowupConversation, rule: Pick<FollowupRule, 'channelKinds' | 'conditions'>) => disqualification(c, rule) === null;

type RunStatus = (typeof FOLLOWUP_RUN_STATUSES)[number];
export const OPEN_RUN_STATUSES = ['pending', 'waiting'] as const satisfies readonly RunStatus[];
const isOpen = (status: RunStatus) => (OPEN_RUN_STATUSES as readonly RunStatus[]).includes(status);

/** A follow-up already on the conversation: open, or done for some silence. */
export type KnownRun = { id: string; followupId: string; silenceAt: Date; status: RunStatus };

export type PlanAction =
  | { action: 'schedule'; followupId: string; silenceAt: Date; dueAt: Date }
  | { action: 'move'; runId: string; followupId: string; silenceAt: Date; dueAt: Date }
  | { action: 'cancel'; runId: string; reason: Disqualified };

/**
 * A person wrote (the contact, or one of us): each active follow-up the conversation now meets
 * is scheduled at the last interaction plus its delay, or moved there if it was waiting on an
 * earlier silence; one it no longer meets is cancelled. A follow-up already done (sent, skipped,
 * cancelled) for this silence is not scheduled again: once per silence, never a loop of nudges.
 */
export function planInteraction(c: FollowupConversation, rules: readonly FollowupRule[], runs: readonly KnownRun[]): PlanAction[] {
  const actions: PlanAction[] = [];
  for (const rule of rules) {
    const mine = runs.filter((r) => r.followupId === rule.id);
    const open = mine.find((r) => isOpen(r.status));
    const why = disqualification(c, rule);
    if (why === 'not_for_channel') continue;
    if (why) {
      if (open) actions.push({ action: 'cancel', runId: open.id, reason: why });
      continue;
    }
    const silenceAt = c.lastInteractionAt!;
    const dueAt = dueTime(silenceAt, rule.delayMinutes);
    if (open) {
      if (open.silenceAt.getTime() !== silenceAt.getTime()) actions.push({ action: 'move', runId: open.id, followupId: rule.id, silenceAt, dueAt });
      continue;
    }
    const doneThisSilence = mine.some((r) => r.silenceAt.getTime() === silenceAt.getTime());
    if (!doneThisSilence) actions.push({ action: 'schedule', followupId: rule.id, silenceAt, dueAt });
  }
  return actions;
}

/**
 * Whether `trigger` stops the conversation's follow-ups: every one of them goes when any of
 * those pending lists it, and whenever the contact wrote (a reply before the delay cancels it).
 */
export function stops(trigger: FollowupStopTrigger, pendingStopLists: readonly (readonly FollowupStopTrigger[])[], contactWrote: boolean): boolean {
  return contactWrote || pendingStopLists.some((list) => list.includes(trigger));
}

/** A window refusal as a follow-up's skip reason: the reason code, in the log's lower case. */
export const windowReason = (code: string) => code.toLowerCase();

export type DueDecision =
  | { decision: 'skip'; reason: string }
  | { decision: 'wait'; until: Date }
  | { decision: 'send'; via: 'free_form' | 'template' };

export type DueInput = {
  /** The silence it was scheduled for. */
  silenceAt: Date;
  /** The conditions it was scheduled with (an edit since changes later ones only). */
  conditions: FollowupConditions;
  conversation: FollowupConversation;
  /** The channel window for an automation, now. */
  window: Window;
  /** The follow-up's WhatsApp template, when it has one that still exists. */
  template: { approved: boolean } | null;
  recipient: { zone: string | null; fallbackZone: string; lastInboundAt: Date | null; hours?: DaytimeHours };
  now: Date;
};

/**
 * At its time the follow-up is checked again (SPEC §7): skipped, with the reason, if the
 * conversation moved on, no longer meets the conditions, or the channel would not deliver;
 * held until the start of the contact's day during their quiet hours (SPEC §3); sent otherwise,
 * as free text inside the window or as the WhatsApp template past it.
 */
export function decideAtDue(input: DueInput): DueDecision {
  const { conversation: c, window } = input;
  if (!c.lastInteractionAt || c.lastInteractionAt.getTime() !== input.silenceAt.getTime()) return { decision: 'skip', reason: 'new_interaction' };
  const why = unmetCondition(c, input.conditions);
  if (why) return { decision: 'skip', reason: why };
  let via: 'free_form' | 'template' = 'free_form';
  const freeForm = refusalFor(window, { kind: 'free_form' });
  if (freeForm) {
    const template = c.channelKind === 'whatsapp' && input.template ? refusalFor(window, { kind: 'template', approved: input.template.approved }) : freeForm;
    if (template) return { decision: 'skip', reason: windowReason(template) };
    via = 'template';
  }
  const quiet = quietHoursFor({
    now: input.now,
    contactZone: input.recipient.zone,
    fallbackZone: input.recipient.fallbackZone,
    lastInboundAt: input.recipient.lastInboundAt,
    hours: input.recipient.hours,
  });
  if (quiet.flagged) return { decision: 'wait', until: quiet.sendAt };
  return { decision: 'send', via };
}

/**
 * The text a follow-up sends: its own, or the best suggestion's; with every placeholder filled,
 * or a skip (a half-filled text never goes out).
 */
export function followupText(
  message: FollowupMessage,
  suggestion: string | null,
  values: Record<string, string | null | undefined>,
): { text: string } | { skip: 'no_suggestion' | 'unfilled_placeholders' } {
  const source = message.kind === 'custom' ? message.body : suggestion;
  if (source === null) return { skip: 'no_suggestion' };
  const rendered = renderTemplate(source, values);
  return rendered.missing.length > 0 ? { skip: 'unfilled_placeholders' } : { text: rendered.text };
}
