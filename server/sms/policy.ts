import type { AUTO_RESPONDER_MODES, CONSENTS, SMS_REPLY_KINDS } from '@/db/schema/values';

/*
 * SPEC §8's automatic SMS answers as pure rules: which answer a contact's text calls for, and
 * the words of each when the workspace wrote none of its own. Time is an argument.
 */

export type Consent = (typeof CONSENTS)[number];
export type SmsReplyKind = (typeof SMS_REPLY_KINDS)[number];
export type AutoResponderMode = (typeof AUTO_RESPONDER_MODES)[number];
export type KeywordReply = Exclude<SmsReplyKind, 'auto_responder'>;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The answer a keyword calls for: HELP and INFO the help reply; an opt-out its confirmation,
 * once (a second STOP from someone already out changes nothing and is not confirmed again);
 * a return to consent a welcome back.
 */
export function keywordReply(m: { help: boolean; before: Consent; after: Consent }): KeywordReply | null {
  if (m.help) return 'help';
  if (m.before !== 'revoked' && m.after === 'revoked') return 'opt_out';
  if (m.before !== 'granted' && m.after === 'granted') return 'opt_in';
  return null;
}

/**
 * Whether the channel's auto-responder answers this text: never a keyword, never a contact
 * who opted out, as its mode says, and at most once per contact per 24 h.
 */
export function autoResponderAnswers(m: { mode: AutoResponderMode; keyword: boolean; consent: Consent; lastAnsweredAt: Date | null; now: Date }): boolean {
  if (m.keyword || m.consent === 'revoked' || m.mode === 'nobody') return false;
  if (m.mode === 'non_consented' && m.consent === 'granted') return false;
  return !m.lastAnsweredAt || m.now.getTime() - m.lastAnsweredAt.getTime() >= DAY_MS;
}

/** Our words for each answer, in the workspace's language; `{name}` is the workspace's name. */
export const DEFAULT_SMS_REPLIES: Record<'es' | 'en', Record<KeywordReply, string>> = {
  es: {
    help: 'Estás escribiendo a {name}. Responde a este mensaje y alguien del equipo te contestará. Para no recibir más mensajes, envía STOP.',
    opt_out: 'Hecho: {name} no te enviará más mensajes. Si cambias de idea, envía START.',
    opt_in: 'Bienvenido de nuevo: vuelves a recibir los mensajes de {name}. Para darte de baja, envía STOP cuando quieras.',
  },
  en: {
    help: 'You are texting {name}. Reply to this message and someone from the team will answer. To stop receiving messages, text STOP.',
    opt_out: 'Done: {name} will send you no more messages. If you change your mind, text START.',
    opt_in: 'Welcome back: you will receive messages from {name} again. To unsubscribe, text STOP at any time.',
  },
};

/** The text of an answer: the workspace's own, or our default in its language. */
export function keywordReplyText(kind: KeywordReply, own: string | undefined, language: 'es' | 'en', workspaceName: string): string {
  return own?.trim() ? own.trim() : DEFAULT_SMS_REPLIES[language][kind].replaceAll('{name}', workspaceName);
}
