import { describe, expect, it } from 'vitest';
import { sendComponents, templateParameterKeys, type MetaComponents } from './template-components';

const components: MetaComponents = [
  { type: 'HEADER', format: 'TEXT', text: 'Cita {{1}}' },
  // Out of order in the text: Meta still fills {{1}} first.
  { type: 'BODY', text: 'El {{2}} a las {{3}}, {{1}}. Te esperamos, {{1}}.' },
  { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Vale' }, { type: 'URL', text: 'Ver', url: 'https://example.com/c/{{1}}' }] },
];

describe('WhatsApp template parameters', () => {
  it('names each parameter by where it goes, once, positional ones in number order', () => {
    expect(templateParameterKeys(components, 'positional')).toEqual({ keys: ['header.1', '1', '2', '3', 'button.1.1'] });
  });

  it('fills the send’s components in Meta’s order, skipping what takes no parameter', () => {
    const params = { 'header.1': 'C-9', '1': 'Ana', '2': 'martes', '3': '17:00', 'button.1.1': 'C9' };
    expect(sendComponents({ name: 'cita', language: 'es', components, parameterFormat: 'positional', params })).toEqual([
      { type: 'header', parameters: [{ type: 'text', text: 'C-9' }] },
      { type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'martes' }, { type: 'text', text: '17:00' }] },
      { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'C9' }] },
    ]);
  });

  it('gives named parameters their names, in the order they appear', () => {
    const named: MetaComponents = [{ type: 'BODY', text: 'Hola {{first_name}}, tu código: {{code}}' }];
    expect(templateParameterKeys(named, 'named')).toEqual({ keys: ['first_name', 'code'] });
    expect(sendComponents({ name: 'n', language: 'en', components: named, parameterFormat: 'named', params: { first_name: 'Ana', code: '77' } })).toEqual([
      { type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }, { type: 'text', parameter_name: 'code', text: '77' }] },
    ]);
  });

  it('says which header Cadence cannot send (media needs an upload it does not do yet)', () => {
    expect(templateParameterKeys([{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Hola' }], 'positional')).toEqual({ unsupported: 'a header of type IMAGE' });
  });
});
