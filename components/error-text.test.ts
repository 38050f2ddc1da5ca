import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { translate, type Locale, type MessageKey } from '@/i18n/messages';
import { UpdateContactInput } from '@/server/contacts/schemas';
import { issueCode } from '@/server/validation';
import { errorText } from './error-text';

const tr = (locale: Locale) => (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);

/** What the tRPC formatter sends for an input the schema refuses (server/trpc.ts). */
function refusal(input: unknown) {
  const parsed = UpdateContactInput.safeParse(input);
  if (parsed.success) throw new Error('expected the input to be refused');
  return { message: 'English words of the server', data: { details: null, issues: parsed.error.issues.map(issueCode) } };
}

const contactId = '00000000-0000-4000-8000-000000000001';

describe('a refused input, as the UI says it', () => {
  it('names the field and what is wrong in Spanish and in English, not in zod’s words', () => {
    const error = refusal({ contactId, name: 'x'.repeat(201), email: 'nope', timeZone: null, locale: null });
    expect(errorText(tr('es'), error)).toBe('Revisa los datos: name: admite como mucho 200 caracteres; email: no es un correo electrónico válido');
    expect(errorText(tr('en'), error)).toBe('Please check: name: takes at most 200 characters; email: is not a valid email address');
  });

  it('says a missing field is required', () => {
    const error = refusal({ contactId, email: null, timeZone: null, locale: null });
    expect(errorText(tr('es'), error)).toBe('Revisa los datos: name: es obligatorio');
  });

  it('explains a refinement the field has words for (a time zone that does not exist)', () => {
    const error = refusal({ contactId, name: 'Ana', email: null, timeZone: 'Mars/Olympus', locale: null });
    expect(errorText(tr('es'), error)).toBe('Revisa los datos: timeZone: no es una zona horaria (por ejemplo, Europe/Madrid)');
    expect(errorText(tr('en'), error)).toBe('Please check: timeZone: is not a time zone (e.g. Europe/Madrid)');
  });

  it('keeps a refinement’s own words when no translation names it', () => {
    const schema = z.object({ n: z.number().refine((v) => v % 2 === 0, 'an even number') });
    const parsed = schema.safeParse({ n: 3 });
    const error = { message: 'x', data: { issues: parsed.error!.issues.map(issueCode) } };
    expect(errorText(tr('es'), error)).toBe('Revisa los datos: n: an even number');
  });

  it('prefers the reason Cadence explains, and falls back to the server’s message', () => {
    expect(errorText(tr('en'), { message: 'boom', data: { details: { reason: 'nope-not-a-key' } } })).toBe('That did not work: boom');
  });
});
