import { describe, expect, it } from 'vitest';
import { rankTemplates, type Candidate, type SuggestionContext } from './suggest';

const tpl = (id: string, over: Partial<Candidate> = {}): Candidate => ({ id, stage: 'general', channelKinds: [], language: 'es', sendable: true, ...over });
const ctx = (over: Partial<SuggestionContext> = {}): SuggestionContext => ({ stage: 'first_message', channelKind: 'whatsapp', contactLanguage: null, usage: new Map(), ...over });
const ids = (list: Candidate[]) => list.map((t) => t.id);

describe('rankTemplates', () => {
  const library = [
    tpl('general-es'),
    tpl('first-es', { stage: 'first_message' }),
    tpl('first-en', { stage: 'first_message', language: 'en' }),
    tpl('second-es', { stage: 'second_message' }),
    tpl('first-sms', { stage: 'first_message', channelKinds: ['sms'] }),
  ];

  it("puts the conversation's current stage first, in Spanish when the language is unknown", () => {
    expect(ids(rankTemplates(library, ctx()))).toEqual(['first-es', 'general-es', 'second-es', 'first-en']);
  });

  it('never puts another language first: a Spanish general template comes before an English one for the stage', () => {
    const list = [tpl('first-en', { stage: 'first_message', language: 'en', channelKinds: ['whatsapp'] }), tpl('general-es')];
    expect(ids(rankTemplates(list, ctx({ contactLanguage: 'es' })))).toEqual(['general-es', 'first-en']);
    expect(ids(rankTemplates(list, ctx({ contactLanguage: 'en' })))).toEqual(['first-en', 'general-es']);
  });

  it('does not suggest again a stage already met', () => {
    const met = ctx({ stage: 'second_message', metStages: ['first_message'] });
    expect(ids(rankTemplates(library, met))).toEqual(['second-es', 'general-es']);
    // Met once but due again (a new run of the same protocol): it is the current stage, so it stays.
    expect(ids(rankTemplates(library, ctx({ metStages: ['first_message'] })))[0]).toBe('first-es');
  });

  it("prefers the contact's language within the stage", () => {
    expect(ids(rankTemplates(library, ctx({ contactLanguage: 'en' })))[0]).toBe('first-en');
  });

  it('never offers a template written for another channel', () => {
    expect(ids(rankTemplates(library, ctx()))).not.toContain('first-sms');
    expect(ids(rankTemplates(library, ctx({ channelKind: 'sms' })))[0]).toBe('first-sms');
  });

  it('prefers a template written for this channel over one for any channel', () => {
    const list = [tpl('any', { stage: 'first_message' }), tpl('wa', { stage: 'first_message', channelKinds: ['whatsapp'] })];
    expect(ids(rankTemplates(list, ctx()))).toEqual(['wa', 'any']);
  });

  it('outside the window offers only sendable (approved) templates', () => {
    const list = [tpl('approved', { stage: 'first_message' }), tpl('pending', { stage: 'first_message', sendable: false })];
    expect(ids(rankTemplates(list, ctx()))).toEqual(['approved']);
  });

  it('falls back to general templates when nothing fits the stage', () => {
    expect(ids(rankTemplates(library, ctx({ stage: 'after_session' })))[0]).toBe('general-es');
    expect(ids(rankTemplates(library, ctx({ stage: null })))[0]).toBe('general-es');
  });

  it("breaks ties by what this agent used most", () => {
    const list = [tpl('a', { stage: 'first_message' }), tpl('b', { stage: 'first_message' })];
    expect(ids(rankTemplates(list, ctx({ usage: new Map([['b', 3], ['a', 1]]) })))).toEqual(['b', 'a']);
  });
});
