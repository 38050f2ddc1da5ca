import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase, type Database } from '@/db/client';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { derivedKey } from '@/db/secret-box';
import { FILE_URL_KEY } from '@/server/files/outbound-files';
import { FETCH_TTL_MS, signedFilePath, signFile } from '@/server/files/signed-url';
import { pngImage } from '@/server/files/testing';
import { deliverDue } from '@/server/messages/testing';
import { contactWhoWrote, messageRow, movableClock } from '../delivery-testing';
import { fetchAsProvider } from '../fake-server';
import { replyWithFiles, sha256, startFileHost, type FileHost } from '../outbound-media-testing';
import { startTwilioFake, type TwilioFake } from './fake';

const ACCOUNT = { accountSid: `AC${'b2'.repeat(16)}`, authToken: 'twilio-media-token' };

// One file host per file: the configuration (PUBLIC_URL, DATA_DIR) is read once per process.
let host: FileHost;
beforeAll(async () => {
  host = await startFileHost();
});
afterAll(() => host.close());

/** MMS through the worker to the Twilio fake, which fetches each MediaUrl back with no session. */
describe.each(testDatabaseKinds)('Twilio delivery of files (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let fake: TwilioFake;
  let channel: Awaited<ReturnType<typeof createChannel>>;
  const clock = movableClock();
  let numbers = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `twmedia${kind}`);
    fake = await startTwilioFake(ACCOUNT);
    process.env.PROVIDER_URL_TWILIO = fake.url;
    channel = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'sms', publicId: `twmedia-${kind}`, name: 'SMS', secrets: { ...ACCOUNT, from: '+15005550006' } });
  });
  afterAll(async () => {
    setDatabase(undefined);
    delete process.env.PROVIDER_URL_TWILIO;
    await fake.close();
    await database.close();
  });

  const newNumber = async (phone: string) => ({ phone, ...(await contactWhoWrote(database.db, ws, channel, phone, clock, { phone })) });
  const sendsTo = (phone: string) => fake.messages.filter((m) => m.to === phone);

  it('an image to a US number goes as MMS: one request, its MediaUrl fetched by Twilio with no session, the exact bytes', async () => {
    const { phone, conversation } = await newNumber(`+1415555${String(2000 + ++numbers)}`);
    const png = pngImage({ seed: 61 });
    const { message, attachments } = await replyWithFiles(database.db, ws, conversation.id, 'Your receipt', [{ kind: 'image', bytes: png, fileName: 'receipt.png' }], clock, host.storage);
    await deliverDue(database.db, clock);
    const sent = await messageRow(database.db, message.id);
    expect(sent.status).toBe('sent');
    const [mms] = sendsTo(phone);
    expect(mms!.body).toBe('Your receipt');
    expect(mms!.media).toHaveLength(1);
    expect(mms!.media[0]).toMatchObject({ status: 200, contentType: 'image/png', size: png.length, sha256: sha256(png) });
    expect(mms!.media[0]!.url).toMatch(new RegExp(`^${host.url}/api/files/${attachments[0]!.id}/signed\\?exp=\\d+&sig=[\\w-]{43}$`));
    expect(sent.providerMessageId).toBe(mms!.sid);
    expect(mms!.sid).toMatch(/^MM/);
  });

  it('a PDF to a US number, and an image to a number elsewhere, go as their link in the text; the link works', async () => {
    const us = await newNumber(`+1415555${String(2000 + ++numbers)}`);
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await replyWithFiles(database.db, ws, us.conversation.id, 'Your invoice', [{ kind: 'document', bytes: pdf, fileName: 'invoice.pdf', caption: 'March' }], clock, host.storage);
    const spain = await newNumber('+34611223344');
    const png = pngImage({ seed: 62 });
    await replyWithFiles(database.db, ws, spain.conversation.id, 'Tu recibo', [{ kind: 'image', bytes: png }], clock, host.storage);
    await deliverDue(database.db, clock);

    const [invoice] = sendsTo(us.phone);
    expect(invoice!.media).toEqual([]);
    const [text, line] = invoice!.body.split('\n');
    expect(text).toBe('Your invoice');
    expect(line).toMatch(/^March: http:\/\/127\.0\.0\.1:\d+\/api\/files\/[\w-]+\/signed\?exp=\d+&sig=[\w-]{43}$/);
    const link = await fetchAsProvider(line!.slice('March: '.length));
    expect(link).toMatchObject({ status: 200, contentType: 'application/pdf', sha256: sha256(pdf) });
    // A link a person opens lives a week, not the hour of a provider's fetch.
    const exp = Number(new URL(line!.slice('March: '.length)).searchParams.get('exp'));
    expect(exp * 1000 - clock.now().getTime()).toBeGreaterThan(6 * 24 * 3600_000);

    const [abroad] = sendsTo(spain.phone);
    expect(abroad!.media).toEqual([]);
    expect(abroad!.sid).toMatch(/^SM/);
    const url = abroad!.body.split('\n')[1]!;
    expect(await fetchAsProvider(url)).toMatchObject({ status: 200, sha256: sha256(png) });
  });

  it('a signed URL whose signature was altered, or that has expired, is refused with no bytes', async () => {
    const { conversation } = await newNumber(`+1415555${String(2000 + ++numbers)}`);
    const { attachments } = await replyWithFiles(database.db, ws, conversation.id, 'x', [{ kind: 'image', bytes: pngImage({ seed: 63 }) }], clock, host.storage);
    await deliverDue(database.db, clock);
    const good = fake.messages.at(-1)!.media[0]!.url;
    const url = new URL(good);
    const sig = url.searchParams.get('sig')!;
    url.searchParams.set('sig', `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`);
    expect(await fetchAsProvider(url.toString())).toMatchObject({ status: 403, sha256: null });
    const other = new URL(good.replace(attachments[0]!.id, '00000000-0000-4000-8000-000000000000'));
    expect(await fetchAsProvider(other.toString())).toMatchObject({ status: 403 });
    // Signed by our own key, but two hours ago for one hour: expired, not forged.
    const expired = signFile(derivedKey(FILE_URL_KEY), attachments[0]!.id, new Date(Date.now() - 2 * 3600_000), FETCH_TTL_MS);
    const old = await fetch(`${host.url}${signedFilePath(attachments[0]!.id, expired)}`);
    expect(old.status).toBe(403);
    expect(await old.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: 'sig: this link has expired' } });
    expect(await fetchAsProvider(`${host.url}/api/files/${attachments[0]!.id}/signed`)).toMatchObject({ status: 403 });
  });
});
