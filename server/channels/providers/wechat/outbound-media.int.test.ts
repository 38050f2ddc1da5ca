import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase, type Database } from '@/db/client';
import { createChannel } from '@/db/seed/factories';
import { createTestWorkspace, type TestWorkspace } from '@/db/seed/test-workspace';
import { openTestDatabase, testDatabaseKinds } from '@/db/testing';
import { pngImage } from '@/server/files/testing';
import { deliverDue } from '@/server/messages/testing';
import { contactWhoWrote, messageRow, movableClock } from '../delivery-testing';
import { fetchAsProvider } from '../fake-server';
import { replyWithFiles, sha256, startFileHost, type FileHost } from '../outbound-media-testing';
import { startWechatFake, wechatError, type WechatFake } from './fake';

const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

// One file host per file: the configuration (PUBLIC_URL, DATA_DIR) is read once per process.
let host: FileHost;
beforeAll(async () => {
  host = await startFileHost();
});
afterAll(() => host.close());

/** Images through the worker to the WeChat fake: uploaded as temporary media, sent by media_id; other files as links. */
describe.each(testDatabaseKinds)('WeChat delivery of files (%s)', (kind) => {
  const app = { appId: `wxmedia${kind}0123`, appSecret: `media-secret-${kind}` };
  let database: Database;
  let ws: TestWorkspace;
  let fake: WechatFake;
  let channel: Awaited<ReturnType<typeof createChannel>>;
  const clock = movableClock();
  let followers = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    setDatabase(database);
    ws = await createTestWorkspace(database.db, `wcmedia${kind}`);
    fake = await startWechatFake(app);
    process.env.PROVIDER_URL_WECHAT = fake.url;
    channel = await createChannel(database.db, { workspaceId: ws.workspace.id, kind: 'wechat', publicId: `wcmedia-${kind}`, name: 'WeChat', secrets: { ...app, token: 'servertoken1' } });
  });
  afterAll(async () => {
    delete process.env.PROVIDER_URL_WECHAT;
    setDatabase(undefined);
    await fake.close();
    await database.close();
  });

  const follower = async () => {
    const openId = `oMedia${kind}${++followers}`;
    return { openId, ...(await contactWhoWrote(database.db, ws, channel, openId, clock)) };
  };

  it('the text, then the image uploaded as temporary media and sent by its media_id (the exact bytes), then the PDF as its link', async () => {
    const { openId, conversation } = await follower();
    const png = pngImage({ seed: 111 });
    const { message } = await replyWithFiles(
      database.db,
      ws,
      conversation.id,
      '你好',
      [
        { kind: 'image', bytes: png, fileName: 'menu.png' },
        { kind: 'document', bytes: pdf, fileName: 'menu.pdf' },
      ],
      clock,
      host.storage,
    );
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('sent');
    const [text, image, link] = fake.sent.filter((m) => m.touser === openId);
    expect(text!.content).toBe('你好');
    expect(image!.image).toMatchObject({ type: 'image', fileName: 'menu.png', contentType: 'image/png', sha256: sha256(png) });
    expect(link!.content).toMatch(/^menu\.pdf: http:\/\/127\.0\.0\.1:\d+\/api\/files\/[\w-]+\/signed\?/);
    expect(await fetchAsProvider(link!.content.slice('menu.pdf: '.length))).toMatchObject({ status: 200, sha256: sha256(pdf) });
  });

  it('an upload refused for a stale token is made again with a fresh one; a busy WeChat is retried later: the image goes once', async () => {
    const { openId, conversation } = await follower();
    const png = pngImage({ seed: 112 });
    const { message } = await replyWithFiles(database.db, ws, conversation.id, 'Foto', [{ kind: 'image', bytes: png, caption: 'La carta' }], clock, host.storage);
    fake.failNext(1, wechatError(-1), { path: '/cgi-bin/media/upload' });
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('queued');
    fake.expireTokens();
    clock.advance(15 * 60_000);
    await deliverDue(database.db, clock);
    expect((await messageRow(database.db, message.id)).status).toBe('sent');
    const sent = fake.sent.filter((m) => m.touser === openId);
    expect(sent.map((m) => (m.image ? 'image' : m.content))).toEqual(['Foto', 'image', 'La carta']);
    expect(sent[1]!.image!.sha256).toBe(sha256(png));
  });
});
