import { count } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '@/db/client';
import { attachments, contactEvents, conversationReads, protocols, templates, workspaces } from '@/db/schema';
import { DEFAULT_ATTRIBUTION_WINDOW_HOURS } from '@/server/attribution/policy';
import { attributeReplies } from '@/server/attribution/service';
import { Effects } from '@/server/effects/unit-of-work';
import { fileStorage } from '@/server/files/storage';
import type { FileStorage } from '@/server/files/storage/storage';
import { attachBytes } from '@/server/files/store';
import { pngImage } from '@/server/files/testing';
import { escalateAfterBreaches } from '@/server/protocols/escalation-service';
import { builtInProtocols } from '@/server/protocols/defaults';
import { startRun, type NewBreach } from '@/server/protocols/service';
import {
  addMessage,
  createApiToken,
  createChannel,
  createContact,
  createConversation,
  createTeam,
  createUser,
  createWorkspace,
} from './factories';
import {
  contactNames,
  contactZones,
  DEMO_API_TOKEN,
  DEMO_PASSWORD,
  demoCampaigns,
  demoChannels,
  demoUsers,
  scripts,
  type DemoUserKey,
} from './demo-data';
import { demoTemplates } from './demo-templates';
import { libraryTemplates } from '@/server/templates/library';

const statuses = ['open', 'open', 'open', 'open', 'snoozed', 'closed'] as const;
const assigneeCycle: (DemoUserKey | null)[] = ['ana', 'luis', null, 'ana', 'luis', 'ana', null];
/** How long ago each conversation last moved, in minutes: a few minutes to ten days, so some windows are closed. */
const ageCycle = [4, 35, 90, 300, 720, 1500, 2200, 3500, 6000, 14400];

/** True when the database holds no workspace yet (a fresh embedded database). */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(workspaces);
  return (row?.n ?? 0) === 0;
}

/** Seeds the demo workspace of the README. Runs in one transaction: all of it or nothing. */
/** `storage`: where the demo's photo goes (the server's own by default). */
export async function seedDemo(db: Db, now: Date, storage: FileStorage = fileStorage()): Promise<void> {
  await db.transaction(async (tx) => {
    const workspace = await createWorkspace(tx, { name: 'Demo Clinic', timeZone: 'Europe/Madrid' });
    const userIds = {} as Record<DemoUserKey, string>;
    for (const u of demoUsers) {
      const user = await createUser(tx, {
        workspaceId: workspace.id,
        email: u.email,
        name: u.name,
        role: u.role,
        timeZone: u.timeZone,
        locale: 'es',
        password: DEMO_PASSWORD,
      });
      userIds[u.key] = user.id;
    }
    // The demo's supervisor leads both teams, so the team view shows every agent.
    const support = await createTeam(tx, { workspaceId: workspace.id, name: 'Atención', visibility: 'shared' }, [userIds.ana, userIds.luis], [userIds.supervisor]);
    const therapy = await createTeam(tx, { workspaceId: workspace.id, name: 'Terapia', visibility: 'assigned' }, [userIds.ana, userIds.luis], [userIds.supervisor]);
    await createApiToken(tx, {
      workspaceId: workspace.id,
      userId: userIds.admin,
      name: 'Demo token',
      token: DEMO_API_TOKEN,
    });

    await tx.insert(templates).values([...libraryTemplates, ...demoTemplates].map((t) => ({ ...t, workspaceId: workspace.id })));
    const seededProtocols = await tx
      .insert(protocols)
      .values(builtInProtocols.map((p) => ({ ...p, workspaceId: workspace.id })))
      .returning();
    const firstContact = seededProtocols.find((p) => p.key === 'first_contact')!;
    const seededBreaches: NewBreach[] = [];

    const channelRows = [];
    for (const c of demoChannels) {
      channelRows.push(
        await createChannel(tx, {
          workspaceId: workspace.id,
          kind: c.kind,
          publicId: c.publicId,
          name: c.name,
          secrets: c.secrets,
          settings: { ...c.settings, delivery: 'record' },
        }),
      );
    }

    const people = [
      ...contactNames.es.map((name) => ({ name, locale: 'es' as const })),
      ...contactNames.en.map((name) => ({ name, locale: 'en' as const })),
    ];
    const nowDt = DateTime.fromJSDate(now);
    for (const [i, person] of people.entries()) {
      const channel = channelRows[i % channelRows.length]!;
      const phone = `+34 6${String(10_000_000 + i * 7919).padStart(8, '0')}`;
      const email = `${person.name.split(' ')[0]!.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}.${i}@example.com`;
      const contact = await createContact(tx, {
        workspaceId: workspace.id,
        name: person.name,
        phone,
        email,
        locale: person.locale,
        timeZone: contactZones[i % contactZones.length],
        consent: channel.kind === 'sms' ? 'granted' : 'unknown',
        identity: { channelId: channel.id, externalId: channel.kind === 'email' ? email : phone.replace(/\D/g, '') },
      });
      const status = statuses[i % statuses.length]!;
      const assignee = assigneeCycle[i % assigneeCycle.length] ?? null;
      // Spread ages over channels, so each channel has fresh and long-closed windows.
      const lastAt = nowDt.minus({ minutes: ageCycle[(i * 3) % ageCycle.length]! + i });
      const conversation = await createConversation(tx, {
        workspaceId: workspace.id,
        channelId: channel.id,
        contactId: contact.id,
        teamId: i % 3 === 2 ? therapy.id : support.id,
        assigneeId: assignee ? userIds[assignee] : null,
        status,
        snoozedUntil: status === 'snoozed' ? nowDt.plus({ days: 1 }).set({ hour: 9, minute: 0 }).toJSDate() : null,
        lastMessageAt: lastAt.toJSDate(),
      });
      const pool = scripts[person.locale];
      const script = pool[i % pool.length]!;
      const firstAt = lastAt.minus({ minutes: (script.length - 1) * 6 }).toJSDate();
      // Lines are spaced six minutes apart and end at the conversation's last activity.
      for (const [n, [direction, body]] of script.entries()) {
        const sentAt = lastAt.minus({ minutes: (script.length - 1 - n) * 6 }).toJSDate();
        await addMessage(tx, conversation, {
          direction: direction === 'in' ? 'inbound' : 'outbound',
          authorKind: direction === 'in' ? 'contact' : 'agent',
          authorId: direction === 'out' ? (assignee ? userIds[assignee] : userIds.supervisor) : null,
          body,
          providerMessageId: `demo-${i}-${n}`,
          sentAt,
        });
      }
      // Some contacts wrote 20 minutes after the autumn campaign or the welcome flow reached them,
      // others got the campaign after their last message and have not answered; attribution
      // credits the replies as it would have then (SPEC §10), and a few bought or booked.
      const send =
        i % 5 === 1 ? { type: 'campaign.sent', name: demoCampaigns[0], at: DateTime.fromJSDate(firstAt).minus({ minutes: 20 }) }
        : i % 7 === 3 ? { type: 'flow.sent', name: demoCampaigns[1], at: DateTime.fromJSDate(firstAt).minus({ minutes: 20 }) }
        : i % 5 === 2 ? { type: 'campaign.sent', name: demoCampaigns[0], at: lastAt.plus({ minutes: 1 }) }
        : null;
      if (send) {
        await tx.insert(contactEvents).values({
          workspaceId: workspace.id,
          contactId: contact.id,
          type: send.type,
          occurredAt: send.at.toJSDate(),
          properties: { name: send.name },
          attributionWindowHours: DEFAULT_ATTRIBUTION_WINDOW_HOURS,
        });
        await attributeReplies(tx, contact.id, send.at.toJSDate());
        const followedAt = DateTime.fromJSDate(firstAt).plus({ minutes: 40 });
        if (i % 10 === 1 && followedAt < nowDt) {
          await tx.insert(contactEvents).values({
            workspaceId: workspace.id,
            contactId: contact.id,
            type: 'order.placed',
            occurredAt: followedAt.toJSDate(),
            properties: { orderId: `OT-${1000 + i}`, total: 60 + i, currency: 'EUR', items: [{ name: 'Bono 3 sesiones', quantity: 1, price: 60 + i }] },
          });
        }
        // Only past First contact (36 h): a booking stops that protocol, and this one is not replayed through it.
        if (i % 7 === 3 && now.getTime() - firstAt.getTime() > 36 * 3_600_000) {
          await tx.insert(contactEvents).values({ workspaceId: workspace.id, contactId: contact.id, type: 'session.booked', occurredAt: followedAt.toJSDate(), properties: {} });
        }
      }
      // Recent chats are in their First contact protocol, started at the contact's first message.
      if (now.getTime() - firstAt.getTime() < 36 * 3_600_000) seededBreaches.push(...(await startRun(tx, firstContact, conversation.id, firstAt, now)));
      // Whoever answered last has read the conversation; the rest shows as unread.
      if (assignee && script.at(-1)?.[0] === 'out') {
        await tx
          .insert(conversationReads)
          .values({ userId: userIds[assignee], conversationId: conversation.id, lastReadAt: lastAt.toJSDate() });
      }
    }

    // A new client Ana has not answered for two days: stages 1 and 2 breached against her (level 1).
    const late = await createContact(tx, {
      workspaceId: workspace.id,
      name: 'Sofía Plazo',
      phone: '+34 611 223 344',
      locale: 'es',
      timeZone: 'Europe/Madrid',
      identity: { channelId: channelRows[0]!.id, externalId: '34611223344' },
    });
    const lateStart = nowDt.minus({ hours: 50 }).toJSDate();
    const lateConversation = await createConversation(tx, {
      workspaceId: workspace.id,
      channelId: channelRows[0]!.id,
      contactId: late.id,
      teamId: support.id,
      assigneeId: userIds.ana,
      lastMessageAt: lateStart,
    });
    await addMessage(tx, lateConversation, {
      direction: 'inbound',
      authorKind: 'contact',
      body: 'Hola, necesito ayuda con la ansiedad. ¿Podéis atenderme esta semana?',
      providerMessageId: 'demo-late-0',
      sentAt: lateStart,
    });
    // Where she lives, then her doctor's note as a photo (SPEC §14: attachments in the thread); the caption stays the row's preview.
    const placeMessage = await addMessage(tx, lateConversation, {
      direction: 'inbound',
      authorKind: 'contact',
      body: '',
      providerMessageId: 'demo-late-1',
      sentAt: new Date(lateStart.getTime() + 2 * 60_000),
    });
    await tx.insert(attachments).values({
      messageId: placeMessage.id,
      workspaceId: workspace.id,
      kind: 'location',
      status: 'ready',
      position: 0,
      data: { latitude: 40.4169, longitude: -3.7035, name: 'Puerta del Sol' },
    });
    const photoMessage = await addMessage(tx, lateConversation, {
      direction: 'inbound',
      authorKind: 'contact',
      body: 'Os envío el informe de mi médico',
      providerMessageId: 'demo-late-2',
      sentAt: new Date(lateStart.getTime() + 3 * 60_000),
    });
    await attachBytes(tx, storage, photoMessage, { kind: 'image', bytes: pngImage({ width: 480, height: 320, rgb: [71, 85, 105] }), caption: 'Os envío el informe de mi médico' });
    seededBreaches.push(...(await startRun(tx, firstContact, lateConversation.id, lateStart, now)));
    // Levels as they would have risen, breach by breach (nobody is on screen to be told while seeding).
    await escalateAfterBreaches(tx, new Effects(), seededBreaches);
  });
}
