import { randomUUID } from 'node:crypto';

/**
 * A JSON Schema as zod's `toJSONSchema` and our OpenAPI document write them: the subset this
 * sampler reads.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  minLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  items?: JsonSchema;
  minItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  examples?: unknown[];
};

/** Named schemas a `$ref` points into (an OpenAPI document's `components.schemas`). */
export type Refs = Record<string, JsonSchema>;

/** The id to put in a field, by its name (`conversationId`, `ids`...), or none to make one up. */
export type IdsByField = (field: string) => string | undefined;

/**
 * One valid-looking value of the schema, with every id field the attacker knows filled with the
 * victim's id: required fields always, optional ones only when they carry such an id.
 */
export function sample(schema: JsonSchema, ids: IdsByField, refs: Refs = {}, field = ''): unknown {
  if (schema.$ref) return sample(refs[schema.$ref.split('/').pop()!] ?? {}, ids, refs, field);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sample(options.find((o) => o.type !== 'null') ?? options[0]!, ids, refs, field);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => sample(s, ids, refs, field)));
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || carriesId(property, ids, key)) out[key] = sample(property, ids, refs, key);
      }
      return out;
    }
    case 'array':
      return schema.items && (carriesId(schema.items, ids, field) || (schema.minItems ?? 0) > 0) ? [sample(schema.items, ids, refs, field)] : [];
    case 'string':
      if (schema.format === 'uuid') return ids(field) ?? randomUUID();
      if (schema.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      if (schema.format === 'email') return 'someone@example.com';
      // A pattern cannot be sampled in general; the schema's own example fits it.
      if (schema.examples?.length) return schema.examples[0];
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return schema.default ?? null;
  }
}

function carriesId(schema: JsonSchema, ids: IdsByField, field: string): boolean {
  if (schema.format === 'uuid') return ids(field) !== undefined;
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.items ? [schema.items] : [])].some((s) => carriesId(s, ids, field));
}

/** The schema's top-level alternatives (each branch of a `oneOf`), so each can be sampled. */
export function variants(schema: JsonSchema, refs: Refs = {}): JsonSchema[] {
  const resolved = schema.$ref ? (refs[schema.$ref.split('/').pop()!] ?? {}) : schema;
  return (resolved.oneOf ?? resolved.anyOf ?? [resolved]).filter((s) => s.type !== 'null');
}
