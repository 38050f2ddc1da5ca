import type { TEMPLATE_STAGES } from '@/db/schema/values';

/*
 * Template suggestions (SPEC §6), as one pure ranking: the conversation's language first (a
 * Spanish contact never gets an English suggestion ahead of a Spanish one), then its current
 * stage (general templates when nothing is written for it), then channel fit, then what this
 * agent used most. A stage already met is not suggested again. Outside the window only
 * sendable templates are offered at all.
 */

export type TemplateStage = (typeof TEMPLATE_STAGES)[number];

export type Candidate = {
  id: string;
  stage: TemplateStage;
  /** Channel kinds it was written for; empty means any channel. */
  channelKinds: string[];
  language: string;
  /** Whether the channel would deliver it now (outside a WhatsApp window: approved only). */
  sendable: boolean;
};

export type SuggestionContext = {
  stage: TemplateStage | null;
  channelKind: string;
  /** The conversation's language: the contact's last message's, else their known one; Spanish when neither. */
  contactLanguage: string | null;
  /** Stages of the conversation's protocols already met: their templates are not suggested again. */
  metStages?: TemplateStage[];
  /** How often this agent used each template. */
  usage: Map<string, number>;
};

const DEFAULT_LANGUAGE = 'es';

export function rankTemplates<T extends Candidate>(templates: T[], ctx: SuggestionContext): T[] {
  const language = ctx.contactLanguage ?? DEFAULT_LANGUAGE;
  const met = new Set((ctx.metStages ?? []).filter((stage) => stage !== ctx.stage && stage !== 'general'));
  const score = (t: T): number[] => [
    t.language === language ? 1 : 0,
    ctx.stage && t.stage === ctx.stage ? 2 : t.stage === 'general' ? 1 : 0,
    t.channelKinds.includes(ctx.channelKind) ? 2 : t.channelKinds.length === 0 ? 1 : 0,
    ctx.usage.get(t.id) ?? 0,
  ];
  return templates
    .filter((t) => t.sendable && !met.has(t.stage) && (t.channelKinds.length === 0 || t.channelKinds.includes(ctx.channelKind)))
    .map((t) => ({ t, s: score(t) }))
    .sort((a, b) => {
      for (let i = 0; i < a.s.length; i++) if (a.s[i] !== b.s[i]) return b.s[i]! - a.s[i]!;
      return a.t.id.localeCompare(b.t.id);
    })
    .map(({ t }) => t);
}
