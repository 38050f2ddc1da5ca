import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/webhooks/[provider]/[channelId]/route';
import { setDatabase, type Database } from '@/db/client';
import { addMessage, createChannel, createContact, createConversation } from '@/db/seed/factories';
import { createTestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase } from '@/db/testing';
import { lineSignature, metaSignature, twilioSignature, viberSignature, wechatSignature } from '@/server/channels/signature';
import { fixtureJson, fixtureText } from '@/server/channels/testdata/load';
import { Effects } from '@/server/effects/unit-of-work';
import { CreateFollowupBody } from '@/server/followups/schemas';
import { createFollowup } from '@/server/followups/service';
import { openApiDocument } from '@/server/rest/openapi';
import { mutationOf, type Json } from './mutation';
import { sample, variants, type JsonSchema, type Refs } from './sample';

/*
 * Every webhook parser fed the providers' real payloads, mutated and then signed as the provider
 * would sign them (so the mutation reaches the parser and ingest, past the signature check).
 * Whatever arrives, the answer is never a 5xx: a provider retries a 5xx forever, and the
 * messages after a bad one in the same webhook would never be stored.
 */
const encoder = new TextEncoder();
const RUNS = 60;

/** Hostile leaves: control characters, a NUL, lone surrogates, dates PostgreSQL cannot hold, huge numbers. */
const nasty = fc.oneof(
  // The known killers weigh most, so a short run meets each of them.
  { arbitrary: fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '99999999999999999999', '-1', '', ' '.repeat(5000)), weight: 6 },
  { arbitrary: fc.constantFrom(99999999999999999999, -1, 0, Number.MAX_SAFE_INTEGER, 1e300), weight: 2 },
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
);

/** A fixture with one to three leaves replaced by hostile values. */
const mutationOfFixture = (fixture: Json) => mutationOf(fixture, nasty);

describe('webhooks never answer 5xx to a signed, mutated payload', () => {
  let database: Database;
  const secret = 'fuzz-secret';

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    setDatabase(database);
    const ws = await createTestWorkspace(database.db, 'fuzz');
    const channel = (kind: 'whatsapp' | 'messenger' | 'instagram' | 'sms' | 'telegram' | 'line' | 'viber' | 'wechat', secrets: Record<string, string>) =>
      createChannel(database.db, { workspaceId: ws.workspace.id, kind, publicId: `fz-${kind}`, name: kind, secrets, settings: { delivery: 'record' } });
    await channel('whatsapp', { appSecret: secret });
    await channel('messenger', { appSecret: secret });
    await channel('instagram', { appSecret: secret });
    await channel('sms', { authToken: secret });
    await channel('telegram', { webhookSecret: secret });
    await channel('line', { channelSecret: secret });
    await channel('viber', { authToken: secret });
    await channel('wechat', { token: secret });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const hook = async (provider: string, kind: string, body: string, headers: Record<string, string>, query = '') => {
    const channelId = `fz-${kind}`;
    const response = await POST(new Request(`http://test/api/webhooks/${provider}/${channelId}${query}`, { method: 'POST', body, headers }), {
      params: Promise.resolve({ provider, channelId }),
    });
    return response.status;
  };
  const json = { 'content-type': 'application/json' };

  const signedJson: Record<string, { kind: string; fixtures: string[]; sign: (body: string) => Record<string, string> }> = {
    whatsapp: { kind: 'whatsapp', fixtures: ['whatsapp_inbound_text.jsonc', 'whatsapp_inbound_text_bsuid.jsonc', 'whatsapp_status_failed.jsonc'], sign: (b) => ({ 'x-hub-signature-256': metaSignature(encoder.encode(b), secret) }) },
    messenger: { kind: 'messenger', fixtures: ['messenger_inbound_text.jsonc', 'messenger_echo.jsonc', 'messenger_postback.jsonc'], sign: (b) => ({ 'x-hub-signature-256': metaSignature(encoder.encode(b), secret) }) },
    instagram: { kind: 'instagram', fixtures: ['instagram_inbound_text.jsonc', 'instagram_inbound_attachment.jsonc'], sign: (b) => ({ 'x-hub-signature-256': metaSignature(encoder.encode(b), secret) }) },
    telegram: { kind: 'telegram', fixtures: ['telegram_update_text.jsonc', 'telegram_update_start.jsonc'], sign: () => ({ 'x-telegram-bot-api-secret-token': secret }) },
    line: { kind: 'line', fixtures: ['line_webhook_messages.jsonc'], sign: (b) => ({ 'x-line-signature': lineSignature(encoder.encode(b), secret) }) },
    viber: { kind: 'viber', fixtures: ['viber_callback_message.jsonc', 'viber_callback_conversation_started.jsonc'], sign: (b) => ({ 'x-viber-content-signature': viberSignature(encoder.encode(b), secret) }) },
  };

  for (const [provider, { kind, fixtures, sign }] of Object.entries(signedJson)) {
    it(`${provider}: mutated JSON`, async () => {
      const arbitrary = fc.oneof(...fixtures.map((f) => mutationOfFixture(fixtureJson(f) as Json)));
      await fc.assert(
        fc.asyncProperty(arbitrary, async (payload) => {
          const body = JSON.stringify(payload);
          expect(await hook(provider, kind, body, { ...json, ...sign(body) })).toBeLessThan(500);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('twilio: mutated form parameters', async () => {
    const forms = ['twilio_sms_inbound.form', 'twilio_sms_inbound_media.form', 'twilio_status_callback_21610.form'].map((f) => [...new URLSearchParams(fixtureText(f).trim())]);
    const arbitrary = fc
      .constantFrom(...forms)
      .chain((pairs) => fc.tuple(fc.constant(pairs), fc.integer({ min: 0, max: pairs.length - 1 }), fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('\u0000', '99999999999999999999', ''))));
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([pairs, i, value]) => {
        const form = new URLSearchParams(pairs.map(([k, v], j) => [k, j === i ? value : v]));
        const url = 'http://test/api/webhooks/twilio/fz-sms';
        const status = await hook('twilio', 'sms', form.toString(), { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(url, form, secret) });
        expect(status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });

  it('wechat: mutated XML fields', async () => {
    const fields = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Content', 'MsgId'];
    const arbitrary = fc.record({
      values: fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('\u0000', '99999999999999999999', '-1', 'text', '')), { minLength: fields.length, maxLength: fields.length }),
      nonce: fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcdef0123456789') }),
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ values, nonce }) => {
        n += 1;
        const xml = `<xml>${fields.map((f, i) => `<${f}><![CDATA[${values[i]!.replaceAll(']]>', '')}]]></${f}>`).join('')}</xml>`;
        const timestamp = String(Math.floor(Date.now() / 1000));
        const unique = `${nonce}${n}`;
        const query = `?signature=${wechatSignature(secret, timestamp, unique)}&timestamp=${timestamp}&nonce=${unique}`;
        expect(await hook('wechat', 'wechat', xml, { 'content-type': 'text/xml' }, query)).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });
});

/* Every REST body, valid in shape and then mutated, from its own workspace's token: never a 5xx. */
describe('REST bodies never answer 5xx', () => {
  let database: Database;
  let token: string;
  const own: Record<string, string> = {};

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    setDatabase(database);
    const ws = await createTestWorkspace(database.db, 'fuzz-rest');
    token = ws.tokens.admin;
    const contact = await createContact(database.db, { workspaceId: ws.workspace.id, name: 'Rita', identity: { channelId: ws.sandbox.id, externalId: 'rita' } });
    const c = await createConversation(database.db, { workspaceId: ws.workspace.id, channelId: ws.sandbox.id, contactId: contact.id });
    await addMessage(database.db, c, { direction: 'inbound', authorKind: 'contact', body: 'Hola', sentAt: new Date() });
    const followup = await createFollowup(
      database.db,
      ws.admin,
      CreateFollowupBody.parse({ name: 'Fuzz', delayMinutes: 60, channelKinds: ['sandbox'], message: { kind: 'suggested' }, stopOn: ['contact_replied'] }),
      new Date(),
      new Effects(),
    );
    Object.assign(own, { conversationId: c.id, contactId: contact.id, userId: ws.agent.id, followupId: followup.id });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database.close();
  });

  const doc = openApiDocument() as unknown as {
    paths: Record<string, Record<string, { requestBody?: { content: { 'application/json'?: { schema: JsonSchema } } } }>>;
    components: { schemas: Refs };
  };
  // JSON bodies: an upload's multipart body is tried by its own tests.
  const withBodies = Object.entries(doc.paths).flatMap(([apiPath, methods]) =>
    Object.entries(methods).flatMap(([method, op]) => {
      const body = op.requestBody?.content['application/json'];
      return body ? [{ apiPath, method: method.toUpperCase(), schema: body.schema }] : [];
    }),
  );

  it('there are bodies to try', () => expect(withBodies.length).toBeGreaterThanOrEqual(4));

  for (const { apiPath, method, schema } of withBodies) {
    it(`${method} ${apiPath}`, async () => {
      const route = (await import(path.join(process.cwd(), 'app', apiPath.replace('{id}', '[id]'), 'route.ts'))) as Record<string, (r: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>>;
      const id = apiPath.startsWith('/api/v1/contacts') ? own.contactId! : apiPath.startsWith('/api/v1/followups') ? own.followupId! : own.conversationId!;
      const valid = variants(schema, doc.components.schemas).map((v) => sample(v, (field) => own[field], doc.components.schemas) as Json);
      await fc.assert(
        fc.asyncProperty(fc.oneof(...valid.map(mutationOfFixture)), async (body) => {
          const response = await route[method]!(
            new Request(`http://test${apiPath.replace('{id}', id)}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
            { params: Promise.resolve({ id }) },
          );
          expect(response.status).toBeLessThan(500);
        }),
        { numRuns: RUNS },
      );
    });
  }
});
