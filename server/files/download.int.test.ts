import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { attachments, files, jobs, messages, workspaces } from '@/db/schema';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { jobHandlers } from '@/server/app/jobs';
import { mediaProviders } from '@/server/channels/providers/media';
import { startFakeProvider, type FakeProvider } from '@/server/channels/providers/fake-server';
import { startMetaFake, type MetaFake } from '@/server/channels/providers/meta-fake';
import { metaSignature } from '@/server/channels/signature';
import { receiveWebhook } from '@/server/channels/webhook';
import type { Clock } from '@/server/clock';
import { Effects } from '@/server/effects/unit-of-work';
import { MAX_ATTEMPTS } from '@/server/messages/retry-policy';
import { runDueJobs } from '@/server/scheduler/loop';
import { downloadAttachment } from './download';
import { localStorage } from './storage/local';
import { s3Storage } from './storage/s3';
import { startS3Fake, type S3Fake } from './storage/s3-fake';
import { S3Url } from './storage/s3-url';
import type { FileStorage } from './storage/storage';
import { oggOpusVoiceNote, pngImage } from './testing';

const number = { phoneNumberId: '109876543210777', wabaId: '102290129340777', accessToken: 'EAAmedia-token' };
const MB = 1024 * 1024;

describe.each(testDatabaseKinds)('inbound media: download, dedupe, sniffing, limits (%s)', (kind) => {
  let database: Database;
  let ws: TestWorkspace;
  let meta: MetaFake;
  let foreign: FakeProvider;
  let s3: S3Fake;
  let root: string;
  let storage: FileStorage;
  let channel: Awaited<ReturnType<typeof createChannel>>;
  let now = new Date('2026-11-20T12:00:00Z');
  const clock: Clock = { now: () => now };
  let fx: Effects;
  let seq = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ws = await createTestWorkspace(database.db, `media-${kind}`);
    meta = await startMetaFake({ whatsapp: [number] });
    foreign = await startFakeProvider(() => ({ status: 200, text: 'internal secrets' }));
    s3 = await startS3Fake();
    process.env.PROVIDER_URL_WHATSAPP = meta.url;
    root = await mkdtemp(path.join(tmpdir(), 'cadence-media-'));
    storage = localStorage(root);
    channel = await createChannel(database.db, {
      workspaceId: ws.workspace.id,
      kind: 'whatsapp',
      publicId: `media-wa-${kind}`,
      name: 'WhatsApp media',
      secrets: { ...number, appSecret: 'media-app-secret' },
    });
  });
  afterAll(async () => {
    delete process.env.PROVIDER_URL_WHATSAPP;
    await Promise.all([meta.close(), foreign.close(), s3.close()]);
    await database.close();
    await rm(root, { recursive: true, force: true });
  });

  /** A contact's WhatsApp message of `type` (`image`, `document`…) posted through the signed webhook. */
  async function receive(type: string, media: Record<string, unknown>) {
    seq += 1;
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: [{ id: `wamid.media-${kind}-${seq}`, from: '34611000111', timestamp: String(Math.floor(now.getTime() / 1000)), type, [type]: media }] } }] }],
    });
    const rawBody = new TextEncoder().encode(body);
    fx = new Effects();
    const result = await receiveWebhook(
      database.db,
      { provider: 'whatsapp', publicId: channel.publicId, rawBody, headers: new Headers({ 'x-hub-signature-256': metaSignature(rawBody, 'media-app-secret') }), url: 'http://test/' },
      clock,
      fx,
    );
    expect(result).toMatchObject({ stored: 1 });
    const [message] = await database.db.select().from(messages).where(eq(messages.providerMessageId, `wamid.media-${kind}-${seq}`));
    return message!;
  }

  const attachmentsOf = (messageId: string) => database.db.select().from(attachments).where(eq(attachments.messageId, messageId)).orderBy(attachments.position);

  /** Runs the due download jobs the way the scheduler does, into `into`. */
  async function runDownloads(into: FileStorage = storage) {
    fx = new Effects();
    // Every other job kind as the server runs it (the first contact's deadlines fall due meanwhile).
    await runDueJobs(database.db, { ...jobHandlers, 'media.download': (db, payload, c) => downloadAttachment(db, String(payload.attachmentId), c, fx, { providers: mediaProviders, storage: into, random: () => 0.5 }) }, clock, { batch: 50, budgetMs: 60_000 });
  }

  const stored = async () => (await readdir(path.join(root, 'sha256'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;

  it('a photo is stored with the message as pending, downloaded by the job, and the thread is told', async () => {
    const png = pngImage({ seed: 1 });
    meta.media.set('wa-photo-1', { bytes: png, mimeType: 'image/jpeg' });
    const message = await receive('image', { id: 'wa-photo-1', mime_type: 'image/jpeg', caption: 'my receipt' });
    expect(message.body).toBe('my receipt');
    const [pending] = await attachmentsOf(message.id);
    expect(pending).toMatchObject({ kind: 'image', status: 'pending', providerRef: 'wa-photo-1', caption: 'my receipt', fileId: null });
    // Nothing was fetched inside the webhook.
    expect(meta.requests.filter((r) => r.path === '/v26.0/wa-photo-1')).toHaveLength(0);

    await runDownloads();
    const [ready] = await attachmentsOf(message.id);
    expect(ready).toMatchObject({ status: 'ready', mimeType: 'image/png', size: png.length, failure: null });
    const [file] = await database.db.select().from(files).where(eq(files.id, ready!.fileId!));
    expect(file!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await storage.has(file!.storageKey)).toBe(true);
    expect(fx.drain()).toContainEqual({ kind: 'message.updated', messageId: message.id });
    // Downloaded with the channel's token, from the URL Meta's answer gave.
    const download = meta.requests.find((r) => r.path === '/whatsapp_business/attachments/' && r.query.mid === 'wa-photo-1');
    expect(download?.headers.authorization).toBe(`Bearer ${number.accessToken}`);
  });

  it('the same bytes sent again are stored once: one file row, one stored object', async () => {
    const before = await stored();
    const png = pngImage({ seed: 2 });
    meta.media.set('wa-dup-a', { bytes: png, mimeType: 'image/png' });
    meta.media.set('wa-dup-b', { bytes: png, mimeType: 'image/png' });
    const a = await receive('image', { id: 'wa-dup-a' });
    const b = await receive('image', { id: 'wa-dup-b' });
    await runDownloads();
    const [[first], [second]] = await Promise.all([attachmentsOf(a.id), attachmentsOf(b.id)]);
    expect(first!.status).toBe('ready');
    expect(second!.fileId).toBe(first!.fileId);
    expect(await stored()).toBe(before + 1);
  });

  it('the type comes from the bytes: a PNG named .pdf is image/png, an HTML file sent as an image is a text/html document', async () => {
    meta.media.set('wa-fake-pdf', { bytes: pngImage({ seed: 3 }), mimeType: 'application/pdf' });
    meta.media.set('wa-fake-jpg', { bytes: Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'), mimeType: 'image/jpeg' });
    const pdf = await receive('document', { id: 'wa-fake-pdf', mime_type: 'application/pdf', filename: 'invoice.pdf' });
    const jpg = await receive('image', { id: 'wa-fake-jpg', mime_type: 'image/jpeg' });
    await runDownloads();
    // A document stays a document, whatever it holds; an "image" that is a web page is not shown as one.
    expect((await attachmentsOf(pdf.id))[0]).toMatchObject({ status: 'ready', kind: 'document', mimeType: 'image/png', fileName: 'invoice.pdf' });
    expect((await attachmentsOf(jpg.id))[0]).toMatchObject({ status: 'ready', kind: 'document', mimeType: 'text/html' });
  });

  it('a voice note is sniffed as OGG/Opus', async () => {
    meta.media.set('wa-voice', { bytes: oggOpusVoiceNote(), mimeType: 'audio/ogg' });
    const voice = await receive('audio', { id: 'wa-voice', mime_type: 'audio/ogg; codecs=opus', voice: true });
    await runDownloads();
    expect((await attachmentsOf(voice.id))[0]).toMatchObject({ kind: 'audio', status: 'ready', mimeType: 'audio/ogg; codecs=opus' });
  });

  it('over the workspace’s size cap it fails with the reason, and nothing is stored', async () => {
    await database.db.update(workspaces).set({ settings: { fileSizeCapMb: 1 } }).where(eq(workspaces.id, ws.workspace.id));
    const before = await stored();
    meta.media.set('wa-big', { bytes: pngImage({ seed: 4, padTo: 2 * MB }), mimeType: 'image/png' });
    const big = await receive('image', { id: 'wa-big' });
    await runDownloads();
    expect((await attachmentsOf(big.id))[0]).toMatchObject({ status: 'failed', failure: 'too_large', fileId: null });
    expect(await stored()).toBe(before);
    expect(fx.drain()).toContainEqual({ kind: 'message.updated', messageId: big.id });
    await database.db.update(workspaces).set({ settings: {} }).where(eq(workspaces.id, ws.workspace.id));
  });

  it('a URL on a foreign host is never fetched: the attachment fails as gone', async () => {
    meta.media.set('wa-foreign', { bytes: pngImage(), mimeType: 'image/png', url: `${foreign.url}/internal/secret.png` });
    const m = await receive('image', { id: 'wa-foreign' });
    await runDownloads();
    expect((await attachmentsOf(m.id))[0]).toMatchObject({ status: 'failed', failure: 'gone' });
    expect((await attachmentsOf(m.id))[0]!.failureDetail).toContain('not a WhatsApp media host');
    expect(foreign.requests).toHaveLength(0);
  });

  it('a media id Meta does not know fails at once as gone', async () => {
    const m = await receive('document', { id: 'wa-never-existed', filename: 'x.pdf' });
    await runDownloads();
    expect((await attachmentsOf(m.id))[0]).toMatchObject({ status: 'failed', failure: 'gone' });
  });

  it('a transient fault is retried with backoff, and the file arrives on a later attempt', async () => {
    meta.media.set('wa-flaky', { bytes: pngImage({ seed: 5 }), mimeType: 'image/png' });
    meta.failNext({ code: 1, status: 503 }, { times: 2, path: '/v26.0/wa-flaky' });
    const m = await receive('image', { id: 'wa-flaky' });
    await runDownloads();
    expect((await attachmentsOf(m.id))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    // Not due again until its backoff has passed.
    const [retryJob] = await database.db.select().from(jobs).where(eq(jobs.kind, 'media.download')).orderBy(jobs.runAt).then((rows) => rows.filter((j) => !j.doneAt));
    expect(retryJob!.runAt.getTime()).toBeGreaterThan(now.getTime());
    for (let i = 0; i < 2; i++) {
      now = new Date(now.getTime() + 15 * 60_000);
      await runDownloads();
    }
    expect((await attachmentsOf(m.id))[0]).toMatchObject({ status: 'ready', attempts: 2, mimeType: 'image/png' });
    expect(meta.requests.filter((r) => r.path === '/v26.0/wa-flaky')).toHaveLength(3);
  });

  it('a fault that never clears fails for good once the attempts run out: "the provider no longer has this file"', async () => {
    meta.media.set('wa-down', { bytes: pngImage({ seed: 6 }), mimeType: 'image/png' });
    meta.failNext({ status: 502, body: '<html>Bad Gateway</html>' }, { times: 100, path: '/v26.0/wa-down' });
    const m = await receive('image', { id: 'wa-down' });
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await runDownloads();
      now = new Date(now.getTime() + 15 * 60_000);
    }
    const [failed] = await attachmentsOf(m.id);
    expect(failed).toMatchObject({ status: 'failed', failure: 'gone', attempts: MAX_ATTEMPTS });
    expect(failed!.failureDetail).toContain(`gave up after ${MAX_ATTEMPTS} attempts`);
    expect(meta.requests.filter((r) => r.path === '/v26.0/wa-down')).toHaveLength(MAX_ATTEMPTS);
  });

  it('a location is ready at once with its coordinates, and needs no download', async () => {
    const m = await receive('location', { latitude: 40.4168, longitude: -3.7038, name: 'Puerta del Sol' });
    expect(m.body).toBe('');
    const [location] = await attachmentsOf(m.id);
    expect(location).toMatchObject({ kind: 'location', status: 'ready', data: { latitude: 40.4168, longitude: -3.7038, name: 'Puerta del Sol' }, fileId: null });
    const queued = await database.db.select().from(jobs).where(eq(jobs.kind, 'media.download'));
    expect(queued.map((j) => j.payload.attachmentId)).not.toContain(location!.id);
  });

  it('stores into an S3-compatible bucket when that is the storage', async () => {
    const png = pngImage({ seed: 7 });
    meta.media.set('wa-s3', { bytes: png, mimeType: 'image/png' });
    const m = await receive('image', { id: 'wa-s3' });
    await runDownloads(s3Storage(S3Url.parse(s3.s3Url)));
    const [ready] = await attachmentsOf(m.id);
    const [file] = await database.db.select().from(files).where(eq(files.id, ready!.fileId!));
    expect(s3.objects.get(file!.storageKey)?.bytes.equals(png)).toBe(true);
  });
});
