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
