import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  apiTokens,
  channels,
  contactIdentities,
  contacts,
  conversations,
  messages,
  teamMembers,
  teamSupervisors,
  teams,
  users,
  workspaces,
} from '@/db/schema';
import { hashApiToken } from '@/server/auth/api-token';
import { hashPassword } from '@/server/auth/password';
import { providerOfKind } from '@/server/channels/credentials';

/*
 * Builders of rows, shared by the demo seed and the tests, so both exercise the same shapes.
 * Each takes the fields that matter to its caller and fills the rest with plain defaults.
 */

type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];

export async function createWorkspace(db: Db, values: Partial<Insert<typeof workspaces>> = {}) {
  const [row] = await db
    .insert(workspaces)
    .values({ name: 'Workspace', ...values })
    .returning();
  return row!;
}

export async function createUser(
  db: Db,
  values: Omit<Insert<typeof users>, 'passwordHash'> & { password?: string },
) {
  const { password = 'cadence', ...rest } = values;
  const [row] = await db
    .insert(users)
    .values({ ...rest, email: rest.email.toLowerCase(), passwordHash: await hashPassword(password) })
    .returning();
  return row!;
}

export async function createTeam(db: Db, values: Insert<typeof teams>, memberIds: string[] = [], supervisorIds: string[] = []) {
  const [row] = await db.insert(teams).values(values).returning();
  if (memberIds.length > 0) {
    await db.insert(teamMembers).values(memberIds.map((userId) => ({ teamId: row!.id, userId })));
  }
  if (supervisorIds.length > 0) {
    await db.insert(teamSupervisors).values(supervisorIds.map((userId) => ({ teamId: row!.id, userId })));
  }
  return row!;
}

/** A channel; its provider is its kind's one (SPEC §3) unless given. */
export async function createChannel(db: Db, values: Insert<typeof channels>) {
  const [row] = await db
    .insert(channels)
    .values({ provider: providerOfKind[values.kind] ?? null, ...values })
    .returning();
  return row!;
}

export async function createContact(
  db: Db,
  values: Insert<typeof contacts> & { identity?: { channelId: string; externalId: string } },
) {
  const { identity, ...rest } = values;
  const [row] = await db.insert(contacts).values(rest).returning();
  if (identity) await db.insert(contactIdentities).values({ contactId: row!.id, ...identity });
  return row!;
}

export async function createConversation(db: Db, values: Insert<typeof conversations>) {
  const [row] = await db.insert(conversations).values(values).returning();
  return row!;
}

/** Adds a message and moves the conversation's last-activity columns the way real traffic would. */
export async function addMessage(
  db: Db,
  conversation: { id: string; workspaceId: string; channelId: string },
  values: Omit<Insert<typeof messages>, 'conversationId' | 'workspaceId' | 'channelId' | 'status'> & {
    status?: Insert<typeof messages>['status'];
  },
) {
  const status = values.status ?? (values.direction === 'inbound' ? 'received' : 'delivered');
  const [row] = await db
    .insert(messages)
    .values({
      ...values,
      status,
      conversationId: conversation.id,
      workspaceId: conversation.workspaceId,
      channelId: conversation.channelId,
    })
    .returning();
  // postgres.js binds only strings inside raw SQL fragments: pass the moment as ISO text.
  const sentAt = sql`${row!.sentAt.toISOString()}::timestamptz`;
  await db
    .update(conversations)
    .set({
      lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${sentAt})`,
      lastMessagePreview: row!.body.slice(0, 140),
      ...(row!.direction === 'inbound'
        ? {
            lastInboundAt: sql`greatest(coalesce(${conversations.lastInboundAt}, ${sentAt}), ${sentAt})`,
            lastInboundArrivedAt: sql`greatest(coalesce(${conversations.lastInboundArrivedAt}, ${sentAt}), ${sentAt})`,
            waitingSince: sql`case when ${conversations.status} = 'closed' then null else coalesce(${conversations.waitingSince}, ${sentAt}) end`,
          }
        : {
            lastOutboundAt: sql`greatest(coalesce(${conversations.lastOutboundAt}, ${sentAt}), ${sentAt})`,
            ...(row!.authorKind === 'agent' ? { waitingSince: null } : {}),
          }),
    })
    .where(eq(conversations.id, conversation.id));
  return row!;
}

export async function createApiToken(
  db: Db,
  values: { workspaceId: string; userId: string; name: string; token: string },
) {
  const [row] = await db
    .insert(apiTokens)
    .values({
      workspaceId: values.workspaceId,
      userId: values.userId,
      name: values.name,
      tokenHash: hashApiToken(values.token),
    })
    .returning();
  return row!;
}
