import { randomBytes } from 'node:crypto';
import { and, asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { channels, conversations } from '@/db/schema';
import type { ChannelSecrets, ChannelSettings } from '@/db/schema/channels';
import { isManager } from '@/server/access/roles';
import type { SessionUser } from '@/server/auth/session';
import { transaction, type Effects } from '@/server/effects/unit-of-work';
import { config } from '@/server/env';
import { AppError } from '@/server/errors';
import { describeIssues } from '@/server/validation';
import { credentialSchemas, providerOfKind, type ChannelKind, type Provider } from '../credentials';
import type { CheckResult } from '../outbound';
import { WEBHOOK_NOT_REGISTERED } from '../provider-errors';
import { outboundProviders } from '../providers/outbound';
import { scheduleTemplateSync, syncWhatsAppTemplates } from '../providers/whatsapp/template-sync';
import { applyPatch, credentialsOf, generatedOf, nextState, resumes, webhookUrlOf } from './policy';
import { settingsPatchOf, type ApiChannel, type CreateChannelBody, type UpdateChannelBody } from './schemas';
import { toChannelView } from './view';

/*
 * Settings → Channels (issue 15), for REST and tRPC alike: managers and admins connect, edit,
 * disable and delete their workspace's channels. A credential is checked with its provider
 * before anything is saved, and never leaves the server again except as "••••1234".
 */

type Channel = typeof channels.$inferSelect;

/** Every function here checks it; REST also checks it before reading a body, so an agent hears 403, not what was wrong with it. */
export function mustManageChannels(user: SessionUser): void {
  if (!isManager(user.role)) throw new AppError('FORBIDDEN', 'Only managers and admins manage channels.');
}

const view = (row: Channel) => toChannelView(row, config().PUBLIC_URL);

/** A value checked by a schema chosen after loading the channel, its errors named from `field`. */
function parseAt<T extends z.ZodType>(schema: T, value: unknown, field: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError('INVALID_INPUT', describeIssues(new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: [field, ...i.path] })))));
}

async function loadChannel(db: Db, user: SessionUser, channelId: string, opts: { lock?: boolean } = {}): Promise<Channel> {
  const query = db
    .select()
    .from(channels)
    .where(and(eq(channels.id, channelId), eq(channels.workspaceId, user.workspaceId)));
  const [row] = await (opts.lock ? query.for('update') : query);
  if (!row) throw new AppError('NOT_FOUND', 'channel: no such channel in this workspace');
  return row;
}

/**
 * The provider's one harmless call (Telegram `getMe`, Twilio: fetch the account…). The sandbox
 * has no provider to ask; any other provider without an adapter cannot be checked, so it is refused.
 */
async function providerCheck(provider: Provider, secrets: ChannelSecrets): Promise<void> {
  const outbound = outboundProviders[provider];
  const result: CheckResult = outbound
    ? await outbound.check(secrets)
    : provider === 'sandbox'
      ? { ok: true }
      : { ok: false, reason: `Cadence cannot check ${provider} credentials yet: it has no ${provider} adapter` };
  if (!result.ok) throw new AppError('PROVIDER_REJECTED', result.reason);
}

/** Telegram `setWebhook`, Viber `set_webhook`: the provider is told the channel's webhook URL. */
async function registerWebhook(row: Channel): Promise<void> {
  const outbound = row.provider ? outboundProviders[row.provider] : undefined;
  if (!outbound?.register) return;
  const result = await outbound.register(row.secrets, webhookUrlOf(config().PUBLIC_URL, row)!);
  if (!result.ok) throw new AppError('PROVIDER_REJECTED', result.reason);
}

const registers = (provider: Provider | null) => Boolean(provider && outboundProviders[provider]?.register);

const unguessable = () => randomBytes(24).toString('base64url');

/** What Cadence makes up for a new channel: Meta's `hub.verify_token`, Telegram's `secret_token`. */
function generatedSecrets(kind: ChannelKind): ChannelSecrets {
  if (kind === 'whatsapp' || kind === 'messenger' || kind === 'instagram') return { verifyToken: unguessable() };
  if (kind === 'telegram') return { webhookSecret: unguessable() };
  return {};
}

export async function listChannels(db: Db, user: SessionUser): Promise<ApiChannel[]> {
  mustManageChannels(user);
  const rows = await db.select().from(channels).where(eq(channels.workspaceId, user.workspaceId)).orderBy(asc(channels.createdAt), asc(channels.name));
  return rows.map(view);
}

export async function getChannel(db: Db, user: SessionUser, channelId: string): Promise<ApiChannel> {
  mustManageChannels(user);
  return view(await loadChannel(db, user, channelId));
}

/**
 * Connects a channel: checked with its provider (a refusal is its reason, 422, nothing saved),
 * saved, then — where the provider is told the webhook URL itself — registered. Viber checks that
 * URL during `set_webhook`, so the channel must exist first; until registration succeeds it
 * waits as "needs attention", and a refused registration deletes it: no half-connected channel
 * stays behind, and one whose process died mid-way says so instead of looking connected.
 */
export async function createChannel(db: Db, user: SessionUser, body: CreateChannelBody, now: Date): Promise<ApiChannel> {
  mustManageChannels(user);
  const provider = providerOfKind[body.kind]!;
  await providerCheck(provider, body.credentials);
  const pending = registers(provider);
  const [row] = await db
    .insert(channels)
    .values({
      workspaceId: user.workspaceId,
      kind: body.kind,
      provider,
      publicId: `${body.kind}-${randomBytes(16).toString('base64url')}`,
      name: body.name,
      secrets: { ...body.credentials, ...generatedSecrets(body.kind) },
      settings: body.settings ?? {},
      state: pending ? 'needs_attention' : 'connected',
      stateReason: pending ? WEBHOOK_NOT_REGISTERED : null,
    })
    .returning();
  const connected = pending ? await finishRegistration(db, row!) : row!;
  // WhatsApp's templates: a sync now (the worker runs it within a second), hourly after.
  if (provider === 'whatsapp') await scheduleTemplateSync(db, connected.id, now);
  return view(connected);
}

/** Registers a new channel's webhook: connected once the provider took it, deleted if it refused. */
async function finishRegistration(db: Db, row: Channel): Promise<Channel> {
  try {
    await registerWebhook(row);
  } catch (error) {
    await db.delete(channels).where(eq(channels.id, row.id));
    throw error;
  }
  const [connected] = await db.update(channels).set({ state: 'connected', stateReason: null }).where(eq(channels.id, row.id)).returning();
  return connected!;
}

/**
 * Renames, switches off and on, changes settings, replaces credentials (only the fields given,
 * checked with the provider before anything is saved). A channel that delivers again lets its
 * held queue go; replaced credentials are registered again where the provider needs it, and a
 * refused registration puts the channel back as it was.
 */
export async function updateChannel(db: Db, user: SessionUser, channelId: string, changes: UpdateChannelBody, fx: Effects): Promise<ApiChannel> {
  mustManageChannels(user);
  const before = await loadChannel(db, user, channelId);
  const settings = changes.settings ? (applyPatch(before.settings, parseAt(settingsPatchOf(before.kind), changes.settings, 'settings')) as ChannelSettings) : undefined;
  let secrets: ChannelSecrets | undefined;
  if (changes.credentials) {
    const provider = before.provider;
    if (!provider) throw new AppError('INVALID_INPUT', 'credentials: this channel has no provider credentials');
    const credentials = parseAt(credentialSchemas[provider].strict(), applyPatch(credentialsOf(provider, before.secrets), changes.credentials), 'credentials');
    await providerCheck(provider, credentials);
    secrets = { ...generatedOf(provider, before.secrets), ...credentials };
  }
  const { row, previous } = await transaction(db, fx, async (tx) => {
    // Read again under the lock: the delivery worker may have found the token dead meanwhile.
    const current = await loadChannel(tx, user, channelId, { lock: true });
    const [updated] = await tx
      .update(channels)
      .set({ name: changes.name, settings, secrets, ...nextState(current, { state: changes.state, credentialsReplaced: Boolean(secrets) }) })
      .where(eq(channels.id, channelId))
      .returning();
    return { row: updated!, previous: current };
  });
  // New credentials are told the webhook URL again; so is a channel whose registration never finished, when it is reconnected.
  const unregistered = previous.stateReason === WEBHOOK_NOT_REGISTERED && row.state === 'connected';
  if ((secrets || unregistered) && registers(row.provider)) {
    try {
      await registerWebhook(row);
    } catch (error) {
      const { name, settings: oldSettings, secrets: oldSecrets, state, stateReason } = previous;
      await db.update(channels).set({ name, settings: oldSettings, secrets: oldSecrets, state, stateReason }).where(eq(channels.id, channelId));
      throw error;
    }
  }
  if (resumes(previous.state, row.state)) fx.add({ kind: 'channel.resumed', channelId });
  return view(row);
}

/**
 * A channel's conversations cannot outlive it, so deleting one that has any needs
 * `deleteConversations` (like Chatwoot's inbox deletion, which takes its conversations with it);
 * disabling it instead keeps the history. Locked, so no conversation arrives between count and delete.
 */
export async function deleteChannel(db: Db, user: SessionUser, input: { channelId: string; deleteConversations: boolean }, fx: Effects): Promise<void> {
  mustManageChannels(user);
  await transaction(db, fx, async (tx) => {
    const row = await loadChannel(tx, user, input.channelId, { lock: true });
    const [held] = await tx.select({ n: count() }).from(conversations).where(eq(conversations.channelId, row.id));
    const n = held?.n ?? 0;
    if (n > 0 && !input.deleteConversations) {
      throw new AppError(
        'CONFLICT',
        `channel: it has ${n} conversation${n === 1 ? '' : 's'}; disable it to keep them, or delete with deleteConversations=true to delete them too`,
        { conversations: n },
      );
    }
    await tx.delete(channels).where(eq(channels.id, row.id));
  });
}

/** "Sincronizar plantillas": a WhatsApp channel's templates read from Meta now, all pages. */
export async function syncChannelTemplates(db: Db, user: SessionUser, channelId: string, now: Date): Promise<{ synced: number; archived: number }> {
  mustManageChannels(user);
  const channel = await loadChannel(db, user, channelId);
  if (channel.provider !== 'whatsapp') throw new AppError('INVALID_INPUT', 'channelId: only WhatsApp channels have templates to sync');
  const result = await syncWhatsAppTemplates(db, channel.id, now);
  if (!result.ok) throw new AppError('PROVIDER_REJECTED', result.reason);
  return { synced: result.synced, archived: result.archived };
}
