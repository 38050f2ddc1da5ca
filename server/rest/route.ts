import { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { withEffects } from '@/server/app/flush';
import { userForApiToken } from '@/server/auth/api-token';
import type { SessionUser } from '@/server/auth/session';
import { systemClock, type Clock } from '@/server/clock';
import type { Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { errorResponse, readBody } from '@/server/http';
import { describeIssues, unstorableField, unstorableMessage } from '@/server/validation';

const MAX_BODY_BYTES = 1024 * 1024;

export type RestContext = { db: Db; clock: Clock; user: SessionUser; url: URL; fx: Effects };

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('INVALID_INPUT', describeIssues(parsed.error));
  return parsed.data;
}

/** The `{id}` of a resource's path. */
export const IdParams = z.object({ id: z.uuid('not an id') });

/** Query parameters as an object; `?status=` (empty) means the filter is absent. */
export const queryOf = (url: URL) => Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));

export async function jsonBody(request: Request): Promise<unknown> {
  const raw = await readBody(request, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw new AppError('INVALID_INPUT', 'body: not valid JSON');
  }
  const unstorable = unstorableField(body);
  if (unstorable) throw new AppError('INVALID_INPUT', unstorableMessage(unstorable));
  return body;
}

/**
 * A REST v1 route: bearer token → user, then the handler; every AppError becomes
 * `{"error":{"code","message"}}` with its status. Handlers stay thin: parse, call a service.
 */
export function restRoute<P>(
  handler: (request: Request, ctx: RestContext, params: P) => Promise<Response>,
): (request: Request, route: { params: Promise<P> }) => Promise<Response> {
  return async (request, route) => {
    try {
      const db = getDb();
      const user = await userForApiToken(db, request.headers.get('authorization'));
      if (!user) throw new AppError('UNAUTHENTICATED', 'Authorization: send a valid API token as "Bearer <token>"');
      const params = await route.params;
      // What the handler's writes mean for the screens is told once they have committed.
      return await withEffects(db, (fx) => handler(request, { db, clock: systemClock, user, url: new URL(request.url), fx }, params));
    } catch (error) {
      return errorResponse(error);
    }
  };
}
