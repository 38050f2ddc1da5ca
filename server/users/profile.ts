import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { conversations, users } from '@/db/schema';
import { recordAudit } from '@/server/audit/record';
import { newPasswordHash } from '@/server/auth/new-password';
import { verifyPassword } from '@/server/auth/password';
import type { SessionUser } from '@/server/auth/session';
import type { Clock } from '@/server/clock';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { AppError } from '@/server/errors';
import { recomputeForAssignee } from '@/server/protocols/service';
import { placeholdersOf } from '@/server/templates/render';
import type { ChangePasswordInput, ProfileInput } from './schemas';

/** The automatic message may use only what is known when it goes out; at night, also when the team is back. */
const AUTO_MESSAGE_PLACEHOLDERS = ['contact.first_name', 'contact.name', 'agent.name'];
const OUT_OF_HOURS_PLACEHOLDERS = [...AUTO_MESSAGE_PLACEHOLDERS, 'team.back_at'];

const AutoText = z.string().trim().max(1000, 'at most 1000 characters').nullable();

/** Both automatic messages; an empty one means the default. `outOfHoursMessage` left out stays as it is. */
export const AutoMessageInput = z.object({ autoMessage: AutoText, outOfHoursMessage: AutoText.optional() });

export async function getProfile(db: Db, user: SessionUser) {
  const [row] = await db
    .select({ autoMessage: users.autoMessage, outOfHoursMessage: users.outOfHoursMessage, name: users.name, email: users.email, timeZone: users.timeZone, locale: users.locale })
    .from(users)
    .where(eq(users.id, user.id));
  return row!;
}

/** The text to store for a field (null for the default), refused when it uses a placeholder that cannot be filled. */
function autoText(field: string, value: string | null, allowed: string[]): string | null {
  const text = value && value.length > 0 ? value : null;
  const unknown = text ? placeholdersOf(text).filter((p) => !allowed.includes(p)) : [];
  if (unknown.length > 0) {
    throw new AppError('INVALID_INPUT', `${field}: unknown placeholder ${unknown.map((p) => `{{${p}}}`).join(', ')}; use ${allowed.map((p) => `{{${p}}}`).join(', ')}`);
  }
  return text;
}

export async function setAutoMessage(db: Db, user: SessionUser, input: z.infer<typeof AutoMessageInput>) {
  const autoMessage = autoText('autoMessage', input.autoMessage, AUTO_MESSAGE_PLACEHOLDERS);
  const outOfHours = input.outOfHoursMessage === undefined ? {} : { outOfHoursMessage: autoText('outOfHoursMessage', input.outOfHoursMessage, OUT_OF_HOURS_PLACEHOLDERS) };
  await db.update(users).set({ autoMessage, ...outOfHours }).where(eq(users.id, user.id));
}

/**
 * A person's own name, zone and language. A new zone moves the pending business-clock deadlines
 * of the conversations assigned to them: those are read in their zone (SPEC §4).
 */
export async function updateProfile(db: Db, user: SessionUser, input: ProfileInput, fx: Effects): Promise<void> {
  await transaction(db, fx, async (tx, fx) => {
    const [before] = await tx.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, user.id)).for('update');
    await tx.update(users).set(input).where(eq(users.id, user.id));
    if (before!.timeZone === input.timeZone) return;
    const theirs = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.assigneeId, user.id), ne(conversations.status, 'closed')));
    for (const c of theirs) {
      await recomputeForAssignee(tx, c.id);
      fx.add({ kind: 'conversation.changed', conversationId: c.id });
    }
  });
}

/** A person changes their own password: the current one proves it is them, the new one meets the rule. */
export async function changePassword(db: Db, user: SessionUser, input: ChangePasswordInput, clock: Clock, fx: Effects): Promise<void> {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
  if (!row || !(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw new AppError('INVALID_INPUT', 'currentPassword: not your current password', { field: 'currentPassword', reason: 'wrong_password' });
  }
  const passwordHash = await newPasswordHash(input.newPassword, 'newPassword');
  const now = clock.now();
  await transaction(db, fx, async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await recordAudit(tx, { workspaceId: user.workspaceId, actorId: user.id, action: 'user.password_changed', targetType: 'user', targetId: user.id, at: now });
  });
}
