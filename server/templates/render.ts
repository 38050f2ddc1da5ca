/*
 * Template placeholders (SPEC §6): `{{contact.first_name}}`, `{{agent.name}}`, `{{session.start}}`,
 * `{{session.link}}`, and WhatsApp's numbered `{{1}}`. A placeholder without a value stays
 * visible in the text and is reported, so nothing half-filled goes out.
 */
const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

export function placeholdersOf(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export function renderTemplate(body: string, values: Record<string, string | null | undefined>): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const text = body.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined || value === null || value.trim() === '') {
      missing.add(name);
      return whole;
    }
    return value;
  });
  return { text, missing: [...missing] };
}

/** Values every conversation can fill by itself. */
export function conversationValues(args: { contactName: string; agentName: string | null }): Record<string, string | null> {
  return {
    'contact.first_name': args.contactName.trim().split(/\s+/)[0] ?? null,
    'contact.name': args.contactName,
    'agent.name': args.agentName,
  };
}
