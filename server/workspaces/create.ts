import { count, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { protocols, templates, users, workspaces } from '@/db/schema';
import { recordAudit } from '@/server/audit/record';
import { newPasswordHash } from '@/server/auth/new-password';
import { toSessionUser, type SessionUser } from '@/server/auth/session';
import type { Clock } from '@/server/clock';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { builtInProtocols } from '@/server/protocols/defaults';
import { libraryTemplates } from '@/server/templates/library';
import type { NewWorkspaceInput } from './schemas';

/** Whether this installation has nobody yet: then every page leads to `/setup` (SPEC §15). */
export async function needsSetup(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/**
 * A workspace, ready to use: the four built-in protocols, the starter templates in its language
 * and its first admin. Runs in the caller's transaction.
 */
async function createInTransaction(tx: Db, input: NewWorkspaceInput, passwordHash: string, now: Date): Promise<{ workspaceId: string; admin: SessionUser }> {
  const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
  if (taken) throw new AppError('CONFLICT', 'email: already belongs to someone on this installation', { field: 'email', reason: 'email_taken' });
  const [workspace] = await tx.insert(workspaces).values({ name: input.workspace, timeZone: input.timeZone, locale: input.language }).returning();
  await tx.insert(protocols).values(builtInProtocols.map((p) => ({ ...p, workspaceId: workspace!.id })));
  await tx.insert(templates).values(libraryTemplates.filter((t) => t.language === input.language).map((t) => ({ ...t, workspaceId: workspace!.id })));
  const [admin] = await tx
    .insert(users)
    .values({ workspaceId: workspace!.id, email: input.email, name: input.name, role: 'admin', passwordHash, timeZone: input.timeZone, locale: input.language })
    .returning();
  await recordAudit(tx, {
    workspaceId: workspace!.id,
    actorId: admin!.id,
    action: 'workspace.created',
    targetType: 'workspace',
    targetId: workspace!.id,
    after: { name: workspace!.name, timeZone: workspace!.timeZone, locale: workspace!.locale, admin: admin!.email },
    at: now,
  });
  return { workspaceId: workspace!.id, admin: toSessionUser(admin!) };
}

/*
 * The first run is decided under one transaction-scoped advisory lock: two setups submitted at
 * the same moment queue on it, and the second then sees the first's admin and is refused. The
 * key is arbitrary, fixed, and used for nothing else.
 */
const FIRST_RUN_LOCK = 0x0cade0001;

/** The first run (SPEC §15): creates the first workspace and its admin while nobody exists; after that, NOT_FOUND, like `/setup`. */
export async function setUpFirstRun(db: Db, input: NewWorkspaceInput, clock: Clock, fx: Effects) {
  const passwordHash = await newPasswordHash(input.password, 'password');
  return transaction(db, fx, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(FIRST_RUN_LOCK))})`);
    if (!(await needsSetup(tx))) throw new AppError('NOT_FOUND', 'setup: this installation is already set up; sign in instead', { reason: 'already_set_up' });
    return createInTransaction(tx, input, passwordHash, clock.now());
  });
}

/** Another workspace of this installation (an operator's command): works whoever exists; each workspace sees only itself. */
export async function createWorkspace(db: Db, input: NewWorkspaceInput, clock: Clock, fx: Effects) {
  const passwordHash = await newPasswordHash(input.password, 'password');
  return transaction(db, fx, (tx) => createInTransaction(tx, input, passwordHash, clock.now()));
}
