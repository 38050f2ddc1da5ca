import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { fromJson, jsonOf, type RowOf } from '@/db/json-columns';
import { runRendered } from '@/db/prepared';
import { channels, contactEvents, contactIdentities, contacts, conversations, followupRuns, followups, messages, protocols, teams, workspaces } from '@/db/schema';
import { MAX_ATTRIBUTION_WINDOW_HOURS, neighbourhood, SEND_TYPES } from '@/server/attribution/policy';
import { sendName } from '@/server/attribution/service';
import { OPEN_RUN_STATUSES } from '@/server/followups/policy';
import { DEFAULT_QUIET_HOURS } from '@/server/protocols/deadline';
import type { RunClock, StartingProtocol } from '@/server/protocols/run-plan';
import type { InboundMessage } from './inbound';

type Channel = typeof channels.$inferSelect;

/** What the ingest reads of a contact and of their conversation: each column named costs its rendering and mapping on every message. */
const contactColumns = { id: contacts.id, name: contacts.name, consent: contacts.consent, blocked: contacts.blocked };
const conversationColumns = {
  id: conversations.id,
  teamId: conversations.teamId,
  status: conversations.status,
  snoozedUntil: conversations.snoozedUntil,
  assigneeId: conversations.assigneeId,
  lastMessageAt: conversations.lastMessageAt,
  lastMessagePreview: conversations.lastMessagePreview,
  lastInboundAt: conversations.lastInboundAt,
  lastInboundArrivedAt: conversations.lastInboundArrivedAt,
  lastOutboundAt: conversations.lastOutboundAt,
  waitingSince: conversations.waitingSince,
};
type HeadConversation = RowOf<typeof conversationColumns>;

/** What one inbound message's transaction needs to know before it writes, read in one statement. */
export type IngestHead = {
  /** The provider message id is already stored: a redelivery, which writes nothing. */
  seen: boolean;
  contact: RowOf<typeof contactColumns> | null;
  /** The contact's latest conversation on the channel, row-locked unless `conversationLocked` is false. */
  conversation: HeadConversation | null;
  /** False when the caller writes the contact first: it then locks the conversation itself (`lockConversation`). */
  conversationLocked: boolean;
  /** A campaign or flow send of the contact near the message: its credits may change (SPEC §10). */
  sendsNearby: boolean;
  /** The conversation has follow-ups waiting, which the contact writing may cancel (SPEC §7). */
  openFollowups: boolean;
  /** The workspace has active follow-ups for this kind of channel, which a message may schedule. */
  followupRules: boolean;
  /** The channel's default team, if it is still a team of the workspace (SPEC §15). */
  defaultTeamId: string | null;
  /** For a contact not seen before: the First contact protocols to start and the clock they start on. */
  firstContact: { clock: RunClock; protocols: StartingProtocol[] } | null;
};

/** A contact as it was before this transaction waited for the message lock: who is locked, and a guess at what the message changes of them. */
export type LockedContact = { id: string; name: string; consent: (typeof contacts.$inferSelect)['consent'] };

/**
 * Takes the message's lock (two webhooks for one new contact must not create two contacts) and,
 * for a contact already known, their attribution lock (a send recorded for them meanwhile sees
 * this reply, SPEC §10), in that order and before any conversation row is locked.
 */
async function lock(tx: Db, channel: Channel, m: InboundMessage): Promise<LockedContact | null> {
  const [row] = await runRendered<{ contact_id: string | null; name: string | null; consent: LockedContact['consent'] | null }>(tx, 'ingest_lock', lockStatement, {
    messageKey: `${channel.id}:${m.externalId}`,
    channelId: channel.id,
    externalId: m.externalId,
  });
  return row?.contact_id ? { id: row.contact_id, name: row.name ?? '', consent: row.consent ?? 'unknown' } : null;
}

// OFFSET 0 keeps the inner select a step of its own, so the message lock is taken first.
const lockStatement = () => sql`select l.message_lock, l.contact_id, c.name, c.consent,
    case when l.contact_id is null then null else pg_advisory_xact_lock(hashtext('attribution:' || l.contact_id::text))::text end as attribution_lock
  from (select pg_advisory_xact_lock(hashtext(${sql.placeholder('messageKey')}::text))::text as message_lock,
               (select ${contactIdentities.contactId} from ${contactIdentities}
                 where ${contactIdentities.channelId} = ${sql.placeholder('channelId')} and ${contactIdentities.externalId} = ${sql.placeholder('externalId')}) as contact_id
        offset 0) l
  left join ${contacts} c on c.id = l.contact_id`;

/** The conversation row-locked, as it is now: after the caller wrote its contact (contact rows are locked before conversation rows). */
export async function lockConversation(tx: Db, id: string): Promise<HeadConversation | null> {
  const [row] = await tx.select(conversationColumns).from(conversations).where(eq(conversations.id, id)).for('update');
  return row ?? null;
}

type HeadRow = {
  head: {
    seen: boolean;
    contact: Record<string, unknown> | null;
    conversation: Record<string, unknown> | null;
    sendsNearby: boolean;
    openFollowups: boolean;
    followupRules: boolean;
    teamExists: boolean;
    firstContact: { zone: string; quiet: RunClock['quiet'] | null; protocols: StartingProtocol[] } | null;
  };
};

/**
 * The read under the locks as one JSON value. Rendered once per shape (`runRendered`): drizzle
 * building it took longer than PostgreSQL running it (0.8 of a known contact's 4.9 ms in
 * bench:ingest). Prepared: every part is a lookup by key, so PostgreSQL's generic plan fits every
 * message and the statement stops being planned (1.7 of its 3.6 ms in bench:realtime).
 */
function headStatement(shape: { lockRow: boolean; byContact: boolean; team: boolean }): SQL {
  const identity = sql`(select ${contactIdentities.contactId} from ${contactIdentities}
    where ${contactIdentities.channelId} = ${sql.placeholder('channelId')} and ${contactIdentities.externalId} = ${sql.placeholder('externalId')})`;
  const conversationList = sql.join(Object.values(conversationColumns), sql`, `);
  // Only the locked contact's conversation is row-locked: another's would be locked before its attribution lock.
  const latest = sql`select ${conversationList} from ${conversations}
    where ${conversations.channelId} = ${sql.placeholder('channelId')} and ${shape.byContact ? sql`${conversations.contactId} = ${sql.placeholder('contactId')}` : sql`false`}
    order by ${conversations.createdAt} desc limit 1 ${shape.lockRow ? sql`for update` : sql``}`;
  const inList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
  return sql`with latest_conversation as (${latest})
    select json_build_object(
      'seen', exists (select 1 from ${messages} where ${messages.channelId} = ${sql.placeholder('channelId')} and ${messages.providerMessageId} = ${sql.placeholder('providerMessageId')}),
      'contact', ${jsonOf('contacts', contactColumns)},
      'conversation', ${jsonOf('latest_conversation', conversationColumns)},
      'sendsNearby', exists (select 1 from ${contactEvents} where ${contactEvents.contactId} = ${contacts.id}
        and ${contactEvents.type} in (${inList(SEND_TYPES)}) and ${sendName} is not null
        and ${contactEvents.occurredAt} >= ${sql.placeholder('from')}::timestamptz and ${contactEvents.occurredAt} <= ${sql.placeholder('to')}::timestamptz),
      'openFollowups', exists (select 1 from ${followupRuns} where ${followupRuns.conversationId} = latest_conversation.id
        and ${followupRuns.status} in (${inList(OPEN_RUN_STATUSES)})),
      'followupRules', exists (select 1 from ${followups} where ${followups.workspaceId} = ${sql.placeholder('workspaceId')} and ${followups.active}
        and ${followups.deletedAt} is null and ${sql.placeholder('kind')}::channel_kind = any(${followups.channelKinds})),
      'teamExists', ${shape.team ? sql`exists (select 1 from ${teams} where ${teams.id} = ${sql.placeholder('teamId')} and ${teams.workspaceId} = ${sql.placeholder('workspaceId')})` : sql`false`},
      -- Only for a contact not known yet, so a known contact's message does not pay for it.
      'firstContact', case when ${contacts.id} is null then (
        select json_build_object('zone', ${workspaces.timeZone}, 'quiet', ${workspaces.settings} -> 'businessQuietHours', 'protocols', coalesce((
          select json_agg(json_build_object('id', ${protocols.id}, 'workspaceId', ${protocols.workspaceId}, 'name', ${protocols.name},
                                            'stages', ${protocols.stages}, 'autoMessageMinutes', ${protocols.autoMessageMinutes}))
            from ${protocols} where ${protocols.workspaceId} = ${sql.placeholder('workspaceId')} and ${protocols.trigger} = 'first_inbound' and ${protocols.active}), '[]'::json))
        from ${workspaces} where ${workspaces.id} = ${sql.placeholder('workspaceId')}) end
    ) as head
    from (select 1) as head_row
    left join ${contacts} on ${contacts.id} = ${identity}
    left join latest_conversation on true`;
}

/** The read under the locks: what is stored for this message, its contact and conversation, and what its writes will need. */
async function read(tx: Db, channel: Channel, m: InboundMessage, lockedContactId: string | null, lockRow: boolean) {
  const teamId = channel.settings.defaultTeamId;
  const shape = { lockRow, byContact: lockedContactId !== null, team: Boolean(teamId) };
  const wide = neighbourhood(m.sentAt, MAX_ATTRIBUTION_WINDOW_HOURS).read;
  const [row] = await runRendered<HeadRow>(tx, `ingest_head_${Number(shape.lockRow)}${Number(shape.byContact)}${Number(shape.team)}`, () => headStatement(shape), {
    channelId: channel.id,
    externalId: m.externalId,
    providerMessageId: m.providerMessageId,
    contactId: lockedContactId,
    workspaceId: channel.workspaceId,
    kind: channel.kind,
    teamId,
    from: wide.from.toISOString(),
    to: wide.to.toISOString(),
  });
  const head = row!.head;
  return { ...head, contact: fromJson(contactColumns, head.contact), conversation: fromJson(conversationColumns, head.conversation) };
}

/**
 * The message's locks and everything its transaction reads before writing, in two statements
 * (the locks must be held before the read's snapshot is taken). When the contact's identity
 * appeared while this waited for the message lock (a webhook for the same new contact just
 * committed it), their attribution lock is taken now and the read done again under it.
 * `writesContact`: the message will change the contact (a name, a consent), so their row is
 * locked before the conversation's, as everywhere else: the conversation is then read unlocked.
 */
export async function lockAndRead(tx: Db, channel: Channel, m: InboundMessage, writesContact: (c: LockedContact) => boolean): Promise<IngestHead> {
  const locked = await lock(tx, channel, m);
  const lockRow = !(locked && writesContact(locked));
  let row = await read(tx, channel, m, locked?.id ?? null, lockRow);
  if (row.contact && row.contact.id !== locked?.id) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`attribution:${row.contact.id}`}))`);
    row = await read(tx, channel, m, row.contact.id, lockRow);
  }
  const first = row.firstContact;
  return {
    seen: row.seen,
    contact: row.contact,
    conversation: row.conversation,
    conversationLocked: lockRow,
    sendsNearby: row.sendsNearby,
    openFollowups: row.openFollowups,
    followupRules: row.followupRules,
    defaultTeamId: row.teamExists ? (teamId(channel) ?? null) : null,
    firstContact: first ? { clock: { zone: first.zone, quiet: first.quiet ?? DEFAULT_QUIET_HOURS }, protocols: first.protocols } : null,
  };
}

const teamId = (channel: Channel) => channel.settings.defaultTeamId;
