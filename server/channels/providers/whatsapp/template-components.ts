import { z } from 'zod';
import type { TemplateSend } from '../../outbound';

/*
 * A WhatsApp template's components as Meta lists them (HEADER, BODY, FOOTER, BUTTONS), the
 * parameters they ask for, and the `components` of a send that fills them (SPEC §13). Pure.
 *
 * Parameters are named by where they go, so a header's {{1}} and the body's {{1}} stay apart:
 * `1` or `first_name` in the body, `header.1` in a text header, `button.0.1` in the URL of the
 * first button.
 */

export const MetaComponents = z.array(
  z.looseObject({
    type: z.string(),
    format: z.string().optional(),
    text: z.string().optional(),
    buttons: z.array(z.looseObject({ type: z.string(), text: z.string().optional(), url: z.string().optional() })).optional(),
  }),
);
export type MetaComponents = z.infer<typeof MetaComponents>;

const namesIn = (text: string | undefined, positional: boolean): string[] => {
  const names = [...new Set([...(text ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!))];
  // Meta fills positional parameters by their order, {{1}} first, wherever they sit in the text.
  return positional ? names.sort((a, b) => Number(a) - Number(b)) : names;
};

type Slot = { component: 'header' | 'body' | 'button'; index?: number; names: string[]; key: (name: string) => string; named: boolean };

function slotsOf(components: MetaComponents, positional: boolean): Slot[] | { unsupported: string } {
  const slots: Slot[] = [];
  for (const c of components) {
    if (c.type === 'HEADER' && c.format && c.format !== 'TEXT') return { unsupported: `a header of type ${c.format}` };
    if (c.type === 'HEADER') slots.push({ component: 'header', names: namesIn(c.text, positional), key: (n) => `header.${n}`, named: !positional });
    if (c.type === 'BODY') slots.push({ component: 'body', names: namesIn(c.text, positional), key: (n) => n, named: !positional });
    if (c.type === 'BUTTONS') {
      for (const [index, button] of (c.buttons ?? []).entries()) {
        // Only a URL button takes a parameter from the sender (the end of its link); Meta numbers them always.
        if (button.type === 'URL') slots.push({ component: 'button', index, names: namesIn(button.url, true), key: (n) => `button.${index}.${n}`, named: false });
      }
    }
  }
  return slots.filter((s) => s.names.length > 0);
}

/** The parameters a template needs filled, by key; or what in it Cadence cannot send. */
export function templateParameterKeys(components: MetaComponents, format: 'positional' | 'named'): { keys: string[] } | { unsupported: string } {
  const slots = slotsOf(components, format === 'positional');
  if ('unsupported' in slots) return slots;
  return { keys: slots.flatMap((s) => s.names.map(s.key)) };
}

/** The text of the template's body, as the thread shows it. */
export const bodyTextOf = (components: MetaComponents): string => components.find((c) => c.type === 'BODY')?.text ?? '';

export type SendComponent =
  | { type: 'header' | 'body'; parameters: SendParameter[] }
  | { type: 'button'; sub_type: 'url'; index: string; parameters: SendParameter[] };
type SendParameter = { type: 'text'; text: string; parameter_name?: string };

/** `template.components` of a send: each parameter filled from what the agent gave. */
export function sendComponents(template: TemplateSend): SendComponent[] {
  const components = MetaComponents.parse(template.components);
  const slots = slotsOf(components, template.parameterFormat === 'positional');
  if ('unsupported' in slots) throw new Error(`template ${template.name}: ${slots.unsupported} cannot be sent`);
  return slots.map((slot) => {
    const parameters = slot.names.map((name): SendParameter => {
      const text = template.params[slot.key(name)] ?? '';
      return slot.named ? { type: 'text', parameter_name: name, text } : { type: 'text', text };
    });
    return slot.component === 'button'
      ? { type: 'button', sub_type: 'url', index: String(slot.index), parameters }
      : { type: slot.component, parameters };
  });
}
