import { describe, expect, it } from 'vitest';
import { conversationValues, placeholdersOf, renderTemplate } from './render';

describe('template rendering', () => {
  it('fills named and numbered placeholders', () => {
    const values = { ...conversationValues({ contactName: 'Lucía Fernández', agentName: 'Ana' }), '1': 'martes 17:00' };
    expect(renderTemplate('Hola {{contact.first_name}}, soy {{ agent.name }}. Tu cita: {{1}}', values)).toEqual({
      text: 'Hola Lucía, soy Ana. Tu cita: martes 17:00',
      missing: [],
    });
  });

  it('leaves a placeholder without a value visible and reports it once', () => {
    expect(renderTemplate('{{1}} y {{1}} en {{session.link}}', { '1': '' })).toEqual({
      text: '{{1}} y {{1}} en {{session.link}}',
      missing: ['1', 'session.link'],
    });
  });

  it('lists the placeholders of a body', () => {
    expect(placeholdersOf('Hi {{contact.first_name}}, {{1}} {{1}}')).toEqual(['contact.first_name', '1']);
  });
});
