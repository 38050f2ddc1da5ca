import { z } from 'zod';

/*
 * How an input error reads everywhere (tRPC, REST, webhooks): a missing field says "required",
 * not zod's "Invalid input: expected string, received undefined". Set once, here, by every edge
 * that validates.
 */
z.config({ customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined) });

/** Zod issues as one message that names each field: `until: required; params.1: no value`. */
export const describeIssues = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');

/** What a client needs to explain an issue in its own language: no input echoed back. */
export type IssueCode = {
  path: string;
  code: string;
  /** The kind of value a size bound is about: string, number, array… */
  origin?: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  values?: string[];
  /** Our own words, for the issues only a refinement knows (`custom`). */
  message: string;
};

export function issueCode(issue: z.core.$ZodIssue): IssueCode {
  const path = issue.path.join('.');
  const { code, message } = issue;
  switch (issue.code) {
    case 'too_small':
      return { path, code, message, origin: issue.origin, minimum: Number(issue.minimum) };
    case 'too_big':
      return { path, code, message, origin: issue.origin, maximum: Number(issue.maximum) };
    case 'invalid_format':
      return { path, code, message, format: issue.format };
    case 'invalid_value':
      return { path, code, message, values: issue.values.map(String) };
    case 'invalid_type':
      // Our customError's "required" for a missing field is its own code for the UI.
      return { path, code: message === 'required' ? 'required' : code, message };
    default:
      return { path, code, message };
  }
}

// PostgreSQL stores neither a NUL (U+0000) in text or jsonb nor half of a UTF-16 surrogate pair.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The path of the first string in an input that the database cannot store, or null. Checked at
 * the edges before any schema, so such input is refused whole, naming the field, and nothing
 * is written (a webhook's text is cleaned instead: a provider's message must not be lost).
 */
export function unstorableField(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path.join('.') || '(body)' : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unstorableField(item, [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableField(key, path) ?? unstorableField(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

export const unstorableMessage = (field: string) => `${field}: contains a character that cannot be stored (a NUL or half of a surrogate pair)`;

/** A moment a client sends: ISO-8601 with its offset, within the years the database and people use. */
export const InstantInput = z.iso.datetime({ offset: true }).refine((s) => {
  const year = new Date(s).getUTCFullYear();
  return year >= 1900 && year <= 9999;
}, 'a time between the years 1900 and 9999');
