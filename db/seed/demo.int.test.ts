import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, eq, isNotNull, lt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { apiTokens, attachments, breaches, channels, contacts, conversations, deadlines, escalationNotices, messages, protocols, users } from '@/db/schema';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { hashApiToken } from '@/server/auth/api-token';
import { authenticate } from '@/server/auth/service';
import { systemClock } from '@/server/clock';
import { toSessionUser } from '@/server/auth/session';
import { createCaller } from '@/server/router';
import { isEmpty, seedDemo } from './demo';
import { localStorage } from '@/server/files/storage/local';
import { DEMO_API_TOKEN, demoCampaigns, demoChannels } from './demo-data';

const now = new Date('2026-11-21T12:00:00Z');

describe.each(testDatabaseKinds)('migrations and demo seed (%s)', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('migrations can run again on a migrated database', async () => {
    await expect(database.migrate()).resolves.toBeUndefined();
  });

  it('seeds the documented demo workspace into an empty database', async () => {
    expect(await isEmpty(database.db)).toBe(true);
    await seedDemo(database.db, now, localStorage(await mkdtemp(path.join(tmpdir(), 'cadence-demo-files-'))));
    expect(await isEmpty(database.db)).toBe(false);

    const emails = (await database.db.select({ e: users.email, r: users.role, z: users.timeZone }).from(users)).map((u) => `${u.e} ${u.r} ${u.z}`);
    expect(emails.sort()).toEqual([
      'admin@cadence.test admin Europe/Madrid',
      'ana@cadence.test agent Europe/Madrid',
      'luis@cadence.test agent America/Mexico_City',
      'manager@cadence.test manager Europe/Madrid',
      'supervisor@cadence.test supervisor Europe/Madrid',
    ]);
    const publicIds = (await database.db.select({ p: channels.publicId }).from(channels)).map((c) => c.p);
    expect(publicIds.sort()).toEqual(demoChannels.map((c) => c.publicId).sort());
    const [sandbox] = await database.db.select().from(channels).where(eq(channels.publicId, 'demo-sandbox'));
    expect(sandbox!.secrets.appSecret).toBe('demo-sandbox-secret');

    const [contactCount] = await database.db.select({ n: count() }).from(contacts);
    expect(contactCount!.n).toBeGreaterThanOrEqual(40);
    const statuses = await database.db.selectDistinct({ s: conversations.status }).from(conversations);
    expect(statuses.map((s) => s.s).sort()).toEqual(['closed', 'open', 'snoozed']);
    const locales = await database.db.selectDistinct({ l: contacts.locale }).from(contacts);
    expect(locales.map((l) => l.l).sort()).toEqual(['en', 'es']);
    // Some windows are closed: the contact last wrote more than 24 hours ago.
    const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000);
    const [stale] = await database.db.select({ n: count() }).from(conversations).where(lt(conversations.lastInboundAt, dayAgo));
    expect(stale!.n).toBeGreaterThan(0);
    const [withMessages] = await database.db.select({ n: count() }).from(messages).where(isNotNull(messages.providerMessageId));
    expect(withMessages!.n).toBeGreaterThan(80);
    // A client's photo, stored and ready, and a location: what a new user sees of attachments.
    const kinds = await database.db.select({ kind: attachments.kind, status: attachments.status, fileId: attachments.fileId }).from(attachments);
    expect(kinds.map((k) => `${k.kind}:${k.status}:${k.fileId ? 'file' : 'none'}`).sort()).toEqual(['image:ready:file', 'location:ready:none']);
  });

  it('stores only a hash of the demo API token, and the demo passwords work', async () => {
    const [token] = await database.db.select().from(apiTokens);
    expect(token!.tokenHash).toBe(hashApiToken(DEMO_API_TOKEN));
    expect(token!.tokenHash).not.toContain(DEMO_API_TOKEN);
    const logIn = (email: string, password: string) => authenticate(database.db, systemClock, { email, password, address: '192.0.2.1' });
    expect(await logIn('ANA@cadence.test ', 'cadence')).toMatchObject({ ok: true, user: { role: 'agent', timeZone: 'Europe/Madrid' } });
    expect(await logIn('ana@cadence.test', 'wrong')).toEqual({ ok: false, throttledUntil: null });
    expect(await logIn('nobody@cadence.test', 'cadence')).toEqual({ ok: false, throttledUntil: null });
  });

  it('seeds the four built-in protocols, and a client Ana left waiting with breaches and rising notices', async () => {
    const keys = (await database.db.select({ key: protocols.key }).from(protocols)).map((p) => p.key).sort();
    expect(keys).toEqual(['after_session', 'booking_confirmation', 'first_contact', 're_engagement']);
    const [ana] = await database.db.select().from(users).where(eq(users.email, 'ana@cadence.test'));
    const [sofia] = await database.db.select().from(contacts).where(eq(contacts.name, 'Sofía Plazo'));
    const [conversation] = await database.db.select().from(conversations).where(eq(conversations.contactId, sofia!.id));
    const stages = await database.db.select().from(deadlines).where(eq(deadlines.conversationId, conversation!.id)).orderBy(deadlines.stageIndex);
    expect(stages.map((d) => d.status)).toEqual(['breached', 'breached', 'pending']);
    const against = await database.db.select().from(breaches).where(eq(breaches.conversationId, conversation!.id));
    expect(against.map((b) => b.agentId)).toEqual([ana!.id, ana!.id]);
    // Evaluated breach by breach: the second breach brings level 1, later ones may raise it.
    const levels = (await database.db.select().from(escalationNotices).where(eq(escalationNotices.agentId, ana!.id))).map((n) => n.level);
    expect(Math.min(...levels)).toBe(1);
    expect(Math.max(...levels)).toBeLessThanOrEqual(3);
  });

  it('seeds campaign and flow sends whose replies the attribution rule credited, and the report shows them', async () => {
    const [manager] = await database.db.select().from(users).where(eq(users.email, 'manager@cadence.test'));
    const report = await createCaller({ db: database.db, clock: { now: () => now }, user: toSessionUser(manager!) }).attribution.report({ days: 30 });
    const autumn = report.rows.find((r) => r.name === demoCampaigns[0])!;
    const welcome = report.rows.find((r) => r.name === demoCampaigns[1])!;
    expect(autumn).toMatchObject({ kind: 'campaign' });
    expect(welcome).toMatchObject({ kind: 'flow' });
    // Some got the campaign after their last message and have not answered.
    expect(autumn.replies).toBeGreaterThan(0);
    expect(autumn.sends).toBeGreaterThan(autumn.replies);
    expect(autumn.orders).toBeGreaterThan(0);
    expect(welcome.bookings).toBeGreaterThan(0);
    const filed = await database.db.select({ n: count() }).from(conversations).where(eq(conversations.attributedCampaign, demoCampaigns[0]));
    expect(filed[0]!.n).toBe(autumn.conversations);
  });
});
