import { describe, expect, it } from 'vitest';
import { dictionaries } from '@/i18n/messages';
import { builtInProtocols } from '@/server/protocols/defaults';
import { builtInName } from './built-in-names';

describe('names of the built-in protocols', () => {
  it('reads in English in the English UI, protocols and stages alike', () => {
    expect(builtInName('en', 'Primer contacto')).toBe('First contact');
    expect(builtInName('en', 'Segundo mensaje')).toBe('Second message');
    expect(builtInName('en', 'Reactivación')).toBe('Re-engagement');
  });

  it('stays as stored in Spanish, which is how they are stored', () => {
    for (const p of builtInProtocols) {
      expect(builtInName('es', p.name)).toBe(p.name);
      for (const s of p.stages) expect(builtInName('es', s.name)).toBe(s.name);
    }
  });

  it('has an English name for every built-in protocol and stage', () => {
    for (const p of builtInProtocols) {
      expect(builtInName('en', p.name)).not.toBe(p.name);
      for (const s of p.stages) expect(Object.values(dictionaries.en)).toContain(builtInName('en', s.name));
    }
  });

  it('leaves a name the workspace chose as written', () => {
    expect(builtInName('en', 'Seguimiento VIP')).toBe('Seguimiento VIP');
  });
});
