import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Db } from '@/db/client';
import { contactIdentities, contacts, conversations, messages } from '@/db/schema';
import { createTestWorkspace } from '@/db/seed/test-workspace';
import { withEffects } from '@/server/app/flush';
import { systemClock } from '@/server/clock';
import { metaSignature } from '@/server/channels/signature';
import { receiveWebhook } from '@/server/channels/webhook';
import { ensureDatabase } from './database';
import { ms, percentiles } from './stats';
import './app-key';

/*
 * `npm run bench:ingest`: messages per second through the whole ingest pipeline (signature,
 * parse, dedupe, contact, conversation, lifecycle, First contact for a new contact,
 * attribution: `receiveWebhook`, minus HTTP), one signed WhatsApp webhook per message as Meta
 * sends them, for new contacts and for contacts already known; and, in the same run, a raw
 * INSERT of the same rows in one transaction per message (contact, identity, conversation and
 * message for a new contact; the message for a known one, and separately that message with the
 * update of its conversation's latest message, which ours also writes). The five are interleaved in rounds,
 * so each sees the tables at the same size. Per-message latency p50/p95/p99 for each.
 *
 * BENCH_MESSAGES per kind (default 200), in rounds of BENCH_ROUND (default 25), after 10
 * warm-up messages of each. DATABASE_URL: PostgreSQL (created when missing); otherwise an
 * in-memory PGlite, the embedded default (about a minute). Statements per message are counted
 * through the database's logger (transaction control not included, for either side).
 */
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);
const ROUND = Number(process.env.BENCH_ROUND ?? 25);
const WARMUP = 10;

const encoder = new TextEncoder();

type Phase = { name: string; samples: number[]; statements: number; run(i: number): Promise<unknown> };

async function main() {
  const url = process.env.DATABASE_URL;
  if (url) await ensureDatabase(url);
  let statements = 0;
  const database = await openDatabase({ url, dataDir: null, logger: { logQuery: () => void (statements += 1) } });
  await database.migrate();
  const db = database.db;
  const tag = `bench${Date.now().toString(36)}`;
  const ws = await createTestWorkspace(db, tag);
  const secret = `${tag}-wa-secret`;

  /** A WhatsApp webhook of one text message from `phone`, signed as Meta signs it. */
  const webhook = async (id: string, phone: string, name: string) => {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                contacts: [{ profile: { name }, wa_id: phone }],
                messages: [{ from: phone, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: `Hola, ¿tenéis cita el viernes? (${id})` } }],
              },
            },
          ],
        },
      ],
    });
    const rawBody = encoder.encode(body);
    const headers = new Headers({ 'x-hub-signature-256': metaSignature(rawBody, secret), 'content-type': 'application/json' });
    const result = await withEffects(db, (fx) =>
      receiveWebhook(db, { provider: 'whatsapp', publicId: ws.whatsapp.publicId, rawBody, headers, url: 'http://bench/api/webhooks/whatsapp' }, systemClock, fx),
    );
    if (result.stored !== 1) throw new Error(`message ${id} was not stored: ${JSON.stringify(result)}`);
  };

  // The raw rows go to a channel of their own, so they never meet the pipeline's contacts.
  const rawChannel = ws.messenger;
  const rawConversations: string[] = [];
  const rawNew = async (i: number) => {
    await db.transaction(async (tx: Db) => {
      const [contact] = await tx.insert(contacts).values({ workspaceId: ws.workspace.id, name: `Raw ${i}`, phone: `+3470${String(i).padStart(7, '0')}` }).returning({ id: contacts.id });
      await tx.insert(contactIdentities).values({ contactId: contact!.id, channelId: rawChannel.id, externalId: `raw-${i}` });
      const [conversation] = await tx
        .insert(conversations)
        .values({ workspaceId: ws.workspace.id, channelId: rawChannel.id, contactId: contact!.id, status: 'open', lastMessageAt: new Date() })
        .returning({ id: conversations.id });
      rawConversations[i] = conversation!.id;
      await rawMessage(tx, conversation!.id, `raw-new-${i}`);
    });
  };
  const rawMessage = (tx: Db, conversationId: string, id: string) =>
    tx.insert(messages).values({
      workspaceId: ws.workspace.id,
      conversationId,
      channelId: rawChannel.id,
      direction: 'inbound',
      authorKind: 'contact',
      body: `Hola, ¿tenéis cita el viernes? (${id})`,
      status: 'received',
      providerMessageId: id,
      sentAt: new Date(),
    });
  const rawKnown = (i: number) => db.transaction((tx: Db) => rawMessage(tx, rawConversations[i]!, `raw-known-${i}`));
  // What a known contact's message writes besides its row: the conversation's latest message.
  const rawKnownWithConversation = (i: number) =>
    db.transaction(async (tx: Db) => {
      await rawMessage(tx, rawConversations[i]!, `raw-known-conv-${i}`);
      await tx
        .update(conversations)
        .set({ lastMessageAt: new Date(), lastInboundAt: new Date(), lastMessagePreview: `Hola, ¿tenéis cita el viernes? (${i})` })
        .where(sql`${conversations.id} = ${rawConversations[i]!}`);
    });

  const phone = (i: number) => `3460${String(i).padStart(8, '0')}`;
  const phases: Phase[] = [
    { name: 'new contact, ingest', samples: [], statements: 0, run: (i) => webhook(`wamid.new-${i}`, phone(i), `Cliente ${i}`) },
    { name: 'new contact, raw INSERT', samples: [], statements: 0, run: rawNew },
    // The same contacts' second message: a known contact with an open conversation.
    { name: 'known contact, ingest', samples: [], statements: 0, run: (i) => webhook(`wamid.known-${i}`, phone(i), `Cliente ${i}`) },
    { name: 'known contact, raw INSERT', samples: [], statements: 0, run: rawKnown },
    { name: 'known contact, raw INSERT + conversation UPDATE', samples: [], statements: 0, run: rawKnownWithConversation },
  ];

  const total = WARMUP + MESSAGES;
  const started = performance.now();
  for (let from = 0; from < total; from += ROUND) {
    const to = Math.min(total, from + ROUND);
    for (const phase of phases) {
      for (let i = from; i < to; i += 1) {
        const [t0, s0] = [performance.now(), statements];
        await phase.run(i);
        if (i >= WARMUP) {
          phase.samples.push(performance.now() - t0);
          phase.statements += statements - s0;
        }
      }
    }
  }
  const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from messages`);
  await database.close();

  const rate = (p: Phase) => (p.samples.length * 1000) / p.samples.reduce((a, b) => a + b, 0);
  console.log(`\ningest bench: ${database.kind}, ${MESSAGES} messages of each kind (after ${WARMUP} warm-up), ${n} messages in the table, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  console.log('| kind | messages/s | p50 | p95 | p99 | statements / message |');
  console.log('|---|---|---|---|---|---|');
  for (const p of phases) {
    const { p50, p95, p99 } = percentiles(p.samples);
    console.log(`| ${p.name} | ${rate(p).toFixed(0)} | ${ms(p50)} | ${ms(p95)} | ${ms(p99)} | ${(p.statements / p.samples.length).toFixed(1)} |`);
  }
  console.log('');
  for (const [ours, raw] of [
    [phases[0]!, phases[1]!],
    [phases[2]!, phases[3]!],
    [phases[2]!, phases[4]!],
  ] as const) {
    console.log(`${ours.name} / ${raw.name.replace(/^[a-z ]+, /, '')}: ${(rate(ours) / rate(raw)).toFixed(2)}× (target ≥ 0.5×)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
