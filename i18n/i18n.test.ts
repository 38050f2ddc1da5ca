import { describe, expect, it } from 'vitest';
import { pickLocale } from './locale';
import { dictionaries, translate } from './messages';

describe('pickLocale', () => {
  it('defaults to Spanish', () => {
    expect(pickLocale(null)).toBe('es');
    expect(pickLocale('fr-FR,de;q=0.8')).toBe('es');
  });

  it("follows the browser's preference order, quality values included", () => {
    expect(pickLocale('en-GB,en;q=0.9,es;q=0.5')).toBe('en');
    expect(pickLocale('fr;q=1,es;q=0.4,en;q=0.8')).toBe('en');
    expect(pickLocale('es-MX,es;q=0.9,en;q=0.8')).toBe('es');
  });

  it('an explicit choice wins over the header', () => {
    expect(pickLocale('en-US', 'es')).toBe('es');
    expect(pickLocale('en-US', 'xx')).toBe('en');
  });
});

describe('dictionaries', () => {
  it('have no empty string in any language', () => {
    for (const dict of Object.values(dictionaries)) {
      for (const [key, text] of Object.entries(dict)) expect(text, key).not.toBe('');
    }
  });

  it('fill placeholders', () => {
    expect(translate('en', 'thread.assignee', { name: 'Ana' })).toBe('Assigned to Ana');
    expect(translate('es', 'thread.assignee', { name: 'Ana' })).toBe('Asignada a Ana');
  });
});
