import { describe, expect, it } from 'vitest';
import { languageOfText } from './language';

describe('the language a contact wrote in', () => {
  it('tells Spanish from English in a chat line', () => {
    expect(languageOfText('Hola, ¿tenéis cita mañana?')).toBe('es');
    expect(languageOfText('Buenas tardes, quiero reservar una sesión')).toBe('es');
    expect(languageOfText('Hello, is there a slot on Friday?')).toBe('en');
    expect(languageOfText('Hi! I need an appointment please')).toBe('en');
  });

  it('says nothing when it cannot tell', () => {
    expect(languageOfText('ok')).toBeNull();
    expect(languageOfText('👍')).toBeNull();
    expect(languageOfText('')).toBeNull();
  });
});
