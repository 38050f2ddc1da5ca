/*
 * The language a contact wrote in, told apart between the two the product speaks (SPEC §6):
 * Spanish punctuation and letters, then the commonest short words of each. Enough for a chat
 * line; a tie or a text with neither says nothing (null), and the caller falls back.
 */

const SPANISH = new Set(
  'hola gracias buenos buenas días dias tardes noches que qué por para cita quiero tengo tiene hay el la los las del una uno es está esta estoy puedo podría sí si mañana cuando cuándo donde dónde cómo como precio sesión también pero muy bien vale'.split(' '),
);
const ENGLISH = new Set(
  'hello hi hey thanks thank you please the is are am was what when where how can could would there this that my have has want need appointment session slot tomorrow today price also but very good yes and for with'.split(' '),
);

export type TextLanguage = 'es' | 'en';

export function languageOfText(text: string): TextLanguage | null {
  const lower = text.toLowerCase();
  let es = /[¿¡ñ]/.test(lower) ? 2 : 0;
  let en = 0;
  for (const word of lower.split(/[^\p{L}']+/u)) {
    if (SPANISH.has(word)) es += 1;
    if (ENGLISH.has(word)) en += 1;
  }
  if (/[áéíóú]/.test(lower)) es += 1;
  return es > en ? 'es' : en > es ? 'en' : null;
}
