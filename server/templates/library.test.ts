import { describe, expect, it } from 'vitest';
import { libraryTemplates } from './library';
import { unknownPlaceholders } from './placeholders';

describe('the built-in library', () => {
  const stages = ['first_message', 'second_message', 'third_message', 'booking_confirmation', 'after_session', 're_engagement', 'inactive_client', 'general'];

  it('has at least two templates per stage, in Spanish and in English', () => {
    for (const stage of stages) {
      for (const language of ['es', 'en']) {
        expect(libraryTemplates.filter((t) => t.stage === stage && t.language === language).length, `${stage}/${language}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('uses only placeholders a conversation can fill', () => {
    for (const t of libraryTemplates) expect(unknownPlaceholders(t.body), t.name).toEqual([]);
  });
});
