import { z } from 'zod';

/** What a signed-in session carries: enough to scope every query without a lookup. */
export const SessionUserSchema = z.object({
  id: z.string().uuid(),
  workspaceId: z.string().uuid(),
  role: z.enum(['agent', 'supervisor', 'manager', 'admin']),
  name: z.string(),
  email: z.string(),
  timeZone: z.string(),
  locale: z.string(),
});

export type SessionUser = z.infer<typeof SessionUserSchema>;
export type Role = SessionUser['role'];
