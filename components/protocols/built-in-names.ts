import { translate, type Locale, type MessageKey } from '@/i18n/messages';
import { builtInProtocols } from '@/server/protocols/defaults';

/*
 * The built-in protocols are stored with their Spanish names (a workspace may rename them).
 * Deadlines keep the name they started with, so a name is translated when it is still a
 * built-in's own; a name the workspace chose is shown as written.
 */
const keyOfName = new Map<string, MessageKey>();
for (const protocol of builtInProtocols) {
  const key = `protocols.builtin.${protocol.key}`;
  keyOfName.set(protocol.name, key as MessageKey);
  protocol.stages.forEach((stage, i) => keyOfName.set(stage.name, `${key}.${i}` as MessageKey));
}

/** A protocol or stage name in the reader's language when it is a built-in's, else as stored. */
export function builtInName(locale: Locale, name: string): string {
  const key = keyOfName.get(name);
  return key ? translate(locale, key) : name;
}
