import type { TEMPLATE_STAGES } from '@/db/schema/values';

/*
 * Template suggestions (SPEC §6), as one pure ranking: the conversation's current stage first
 * (general templates when nothing is written for it), then channel fit, then the contact's
 * language (Spanish when unknown), then what this agent used most. Outside the window only
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
  contactLanguage: string | null;
  /** How often this agent used each template. */
  usage: Map<string, number>;
};

const DEFAULT_LANGUAGE = 'es';

export function rankTemplates<T extends Candidate>(templates: T[], ctx: SuggestionContext): T[] {
  const language = ctx.contactLanguage ?? DEFAULT_LANGUAGE;
  const score = (t: T): number[] => [
    ctx.stage && t.stage === ctx.stage ? 2 : t.stage === 'general' ? 1 : 0,
    t.channelKinds.includes(ctx.channelKind) ? 2 : t.channelKinds.length === 0 ? 1 : 0,
    t.language === language ? 1 : 0,
    ctx.usage.get(t.id) ?? 0,
  ];
  return templates
    .filter((t) => t.sendable && (t.channelKinds.length === 0 || t.channelKinds.includes(ctx.channelKind)))
    .map((t) => ({ t, s: score(t) }))
    .sort((a, b) => {
      for (let i = 0; i < a.s.length; i++) if (a.s[i] !== b.s[i]) return b.s[i]! - a.s[i]!;
      return a.t.id.localeCompare(b.t.id);
    })
    .map(({ t }) => t);
}
