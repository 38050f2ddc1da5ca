import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as apiFile } from '@/app/api/v1/files/[id]/route';
import { setDatabase, type Database } from '@/db/client';
import { derivedKey } from '@/db/secret-box';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { explainFailure } from '@/server/channels/provider-errors';
import { contactWhoWrote, messageRow, movableClock, outboxRow } from '@/server/channels/providers/delivery-testing';
import { startMetaFake, type MetaFake } from '@/server/channels/providers/meta-fake';
import { replyWithFiles, startFileHost, type FileHost } from '@/server/channels/providers/outbound-media-testing';
import { startTwilioFake, type TwilioFake } from '@/server/channels/providers/twilio/fake';
import { deliverDue } from '@/server/messages/testing';
import { FILE_URL_KEY } from './outbound-files';
import { FETCH_TTL_MS, signedFilePath, signFile } from './signed-url';
import { deleteStoredBytes } from './storage/local-testing';
import { oggOpusVoiceNote, pngImage } from './testing';

const number = { phoneNumberId: '106540352242777', wabaId: '102290129340777', accessToken: 'EAAwa-missing-token' };
const ACCOUNT = { accountSid: `AC${'c3'.repeat(16)}`, authToken: 'twilio-missing-token' };
const HOUR = 3_600_000;

// One file host per file: the configuration (PUBLIC_URL, DATA_DIR) is read once per process.
let host: FileHost;
beforeAll(async () => {
  host = await startFileHost();
});
afterAll(() => host.close());

/*
 * A file whose row says `ready` but whose bytes were deleted from storage behind Cadence's back
 * (SPEC §14): its message fails for good with FILE_MISSING before any part reaches the provider,
 * and its routes answer 410.
 */
describe.each(testDatabaseKinds)('a file whose bytes left storage (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let meta: MetaFake;
  let twilio: TwilioFake;
  let whatsapp: Awaited<ReturnType<typeof createChannel>>;
  let sms: Awaited<ReturnType<typeof createChannel>>;
  const clock = movableClock();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `missing${kind}`);
    meta = await startMetaFake({ whatsapp: [number] });
    twilio = await startTwilioFake(ACCOUNT);
    process.env.PROVIDER_URL_WHATSAPP = meta.url;
    process.env.PROVIDER_URL_TWILIO = twilio.url;
    whatsapp = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'whatsapp', publicId: `missing-wa-${kind}`, name: 'WhatsApp', secrets: { ...number, appSecret: 'wa-app-secret' } });
    sms = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'sms', publicId: `missing-sms-${kind}`, name: 'SMS', secrets: { ...ACCOUNT, from: '+15005550006' } });
  });
  afterAll(async () => {
    delete process.env.PROVIDER_URL_WHATSAPP;
    delete process.env.PROVIDER_URL_TWILIO;
    setDatabase(undefined);
    await meta.close();
    await twilio.close();
    await database.close();
  });

  it('WhatsApp: text, a voice note and a lost PDF fail FILE_MISSING naming the PDF; not the text, not the voice note: nothing reaches Meta, ever', async () => {
    const { conversation } = await contactWhoWrote(database.db, ws, whatsapp, `34611${kind === 'pglite' ? 1 : 2}00001`, clock);
    const pdf = Buffer.from(`%PDF-1.7\n% missing ${kind}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);
    const { message, attachments } = await replyWithFiles(
      database.db,
      ws,
      conversation.id,
      'Te mando la nota y la factura',
      [
        { kind: 'audio', bytes: oggOpusVoiceNote(3) },
        { kind: 'document', bytes: pdf, fileName: 'factura.pdf' },
      ],
      clock,
      host.storage,
    );
    await deleteStoredBytes(database.db, host.filesRoot, attachments[1]!.id);
    const before = meta.requests.length;
    await deliverDue(database.db, clock);

    const failed = await messageRow(database.db, message.id);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'FILE_MISSING', retryable: false });
    expect(failed.errorMessage).toContain('"factura.pdf"');
    expect(explainFailure(failed.errorCode, 'es', failed.errorMessage)).toBe(
      'No se envió nada: el archivo «factura.pdf» ya no está guardado en Cadence. Adjúntalo de nuevo y envía el mensaje otra vez.',
    );
    expect(explainFailure(failed.errorCode, 'en', failed.errorMessage)).toBe('Nothing was sent: the file "factura.pdf" is no longer stored in Cadence. Attach it again and send the message anew.');
    expect(meta.requests.slice(before)).toEqual([]);
    // Settled, not left to a lease: a later round has nothing to try.
    expect(await outboxRow(database.db, message.id)).toBeUndefined();
    clock.advance(HOUR);
    await deliverDue(database.db, clock);
    expect(meta.requests.slice(before)).toEqual([]);
    expect((await messageRow(database.db, message.id)).status).toBe('failed');
  });

  it('Twilio (fetches by URL): an MMS whose photo is lost fails FILE_MISSING and Twilio is never called', async () => {
    const phone = `+1415555${kind === 'pglite' ? 3 : 4}001`;
    const { conversation } = await contactWhoWrote(database.db, ws, sms, phone, clock, { phone });
    const { message, attachments } = await replyWithFiles(database.db, ws, conversation.id, 'Your receipt', [{ kind: 'image', bytes: pngImage({ seed: 771 }), fileName: 'receipt.png' }], clock, host.storage);
    await deleteStoredBytes(database.db, host.filesRoot, attachments[0]!.id);
    const before = twilio.requests.length;
    await deliverDue(database.db, clock);
    expect(await messageRow(database.db, message.id)).toMatchObject({ status: 'failed', errorCode: 'FILE_MISSING', retryable: false });
    expect(twilio.requests.slice(before)).toEqual([]);
    expect(twilio.messages.filter((m) => m.to === phone)).toEqual([]);
  });

  it('its routes answer 410 GONE: the token’s and the signed one a provider fetches', async () => {
    const { conversation } = await contactWhoWrote(database.db, ws, sms, `+1415555${kind === 'pglite' ? 5 : 6}001`, clock);
    const { attachments } = await replyWithFiles(database.db, ws, conversation.id, 'Foto', [{ kind: 'image', bytes: pngImage({ seed: 772 }), fileName: 'foto.png' }], clock, host.storage);
    const id = attachments[0]!.id;
    const api = () => apiFile(new Request(`http://test/api/v1/files/${id}`, { headers: { authorization: `Bearer ${ws.tokens.agent}` } }), { params: Promise.resolve({ id }) });
    const signed = () => fetch(`${host.url}${signedFilePath(id, signFile(derivedKey(FILE_URL_KEY), id, new Date(), FETCH_TTL_MS))}`);
    const [served, fetched] = [await api(), await signed()];
    expect([served.status, fetched.status]).toEqual([200, 200]);
    await Promise.all([served.arrayBuffer(), fetched.arrayBuffer()]);
    await deleteStoredBytes(database.db, host.filesRoot, id);
    const gone = { error: { code: 'GONE', message: 'file: its bytes are no longer stored; attach the file again to send it' } };
    const byToken = await api();
    expect(byToken.status).toBe(410);
    expect(await byToken.json()).toEqual(gone);
    const bySignature = await signed();
    expect(bySignature.status).toBe(410);
    expect(await bySignature.json()).toEqual(gone);
  });
});
