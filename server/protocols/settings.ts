import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { protocols } from '@/db/schema';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import type { UpdateProtocolInput } from './schemas';

export async function listProtocols(db: Db, user: SessionUser) {
  return db.select().from(protocols).where(eq(protocols.workspaceId, user.workspaceId)).orderBy(asc(protocols.createdAt));
}

/** Managers edit a protocol; runs already started keep the deadlines they were given. */
export async function updateProtocol(db: Db, user: SessionUser, input: z.infer<typeof UpdateProtocolInput>) {
  const { protocolId, ...values } = input;
  const [row] = await db
    .update(protocols)
    .set(values)
    .where(and(eq(protocols.id, protocolId), eq(protocols.workspaceId, user.workspaceId)))
    .returning();
  if (!row) throw new AppError('NOT_FOUND', 'protocolId: no such protocol in this workspace');
  return row;
}
