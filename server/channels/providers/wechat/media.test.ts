import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText } from '../../testdata/load';
import type { FakeProvider } from '../fake-server';
import { fetchedBytes, startForeignHost } from '../media-testing';
import { parseWechat } from './inbound';
import { startWechatFake, wechatError, type WechatFake } from './fake';
import { wechatMedia } from './media';

const app = { appId: 'wxmedia0000000001', appSecret: 'wechat-media-secret' };
const xml = (fields: Record<string, string>) =>
  `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oFollower]]></FromUserName><CreateTime>1518774424</CreateTime>${Object.entries(fields)
    .map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
    .join('')}<MsgId>${Object.keys(fields).join('').length}1234567</MsgId></xml>`;
const parsedOne = (fields: Record<string, string>) => parseWechat(xml(fields)).messages[0]!;

describe('WeChat media in messages', () => {
  it('keeps the fixture’s text message as it was', () => {
    const [m] = parseWechat(fixtureText('wechat_inbound_text.xml')).messages;
    expect(m!.body).toBe('Simple Message');
    expect(m!.media).toBeUndefined();
  });

  it('refers to images, voice notes and videos by MediaId, with an empty body', () => {
    const image = parsedOne({ MsgType: 'image', PicUrl: 'http://mmbiz.qpic.cn/x', MediaId: 'img-media-id' });
    expect(image.body).toBe('');
    expect(image.media).toEqual([{ kind: 'image', ref: 'img-media-id' }]);
    expect(parsedOne({ MsgType: 'voice', MediaId: 'voice-id', Format: 'amr' }).media).toEqual([{ kind: 'audio', ref: 'voice-id', mimeType: 'audio/amr' }]);
    expect(parsedOne({ MsgType: 'video', MediaId: 'video-id', ThumbMediaId: 'thumb' }).media).toEqual([{ kind: 'video', ref: 'video-id' }]);
    expect(parsedOne({ MsgType: 'shortvideo', MediaId: 'short-id', ThumbMediaId: 'thumb' }).media).toEqual([{ kind: 'video', ref: 'short-id' }]);
  });

  it('keeps a location whole (Location_X is the latitude) and a link as its title and URL', () => {
    expect(parsedOne({ MsgType: 'location', Location_X: '23.134521', Location_Y: '113.358803', Scale: '20', Label: '广州市天河区' }).media).toEqual([
      { kind: 'location', latitude: 23.134521, longitude: 113.358803, address: '广州市天河区' },
    ]);
    expect(parsedOne({ MsgType: 'link', Title: 'Oferta', Description: 'd', Url: 'https://example.com/o' }).body).toBe('Oferta\nhttps://example.com/o');
  });

  it('refuses a file message without MediaId, and a location that is not numbers, naming the field', () => {
    expect(() => parsedOne({ MsgType: 'image', PicUrl: 'http://x' })).toThrow('MediaId: missing');
    expect(() => parsedOne({ MsgType: 'location', Location_X: 'north', Location_Y: '1' })).toThrow('Location_X: not a number');
  });
});

describe('WeChat fetchMedia against the fake', () => {
  let fake: WechatFake;
  let foreign: FakeProvider;
  const signal = new AbortController().signal;
  const fetch = (ref: string) => wechatMedia.fetchMedia(ref, app, signal);
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 7, 7, 7]);

  beforeAll(async () => {
    fake = await startWechatFake(app);
    foreign = await startForeignHost();
    process.env.PROVIDER_URL_WECHAT = fake.url;
  });
  afterAll(async () => {
    process.env.PROVIDER_URL_WECHAT = 'http://127.0.0.1:9';
    await Promise.all([fake.close(), foreign.close()]);
  });

  it('fetches a token, then streams the file from media/get with its name', async () => {
    const id = fake.addMedia({ bytes: jpeg, mimeType: 'image/jpeg' });
    const outcome = await fetch(id);
    expect(await fetchedBytes(outcome)).toEqual(jpeg);
    expect(outcome).toMatchObject({ media: { mimeType: 'image/jpeg', size: jpeg.length, fileName: `${id}.jpeg` } });
    const request = fake.requests.at(-1)!;
    expect(request.path).toBe('/cgi-bin/media/get');
    expect(request.query.get('access_token')).toBe(fake.tokens.at(-1));
    expect(request.query.get('media_id')).toBe(id);
  });

  it('follows a video’s video_url on WeChat’s host, and never one elsewhere', async () => {
    const mp4 = Buffer.from('....ftypisom a video');
    expect(await fetchedBytes(await fetch(fake.addMedia({ bytes: mp4, mimeType: 'video/mp4' }, { video: true })))).toEqual(mp4);
    fake.failNext(1, { status: 200, json: { video_url: `${foreign.url}/video/x` } }, { path: '/cgi-bin/media/get' });
    expect(await fetch('any')).toMatchObject({ outcome: 'gone', detail: expect.stringMatching(/not one of WeChat's media hosts/) });
    expect(foreign.requests).toEqual([]);
  });

  it('gets a new token once when WeChat says the cached one expired', async () => {
    const id = fake.addMedia({ bytes: jpeg, mimeType: 'image/jpeg' });
    const tokensBefore = fake.tokens.length;
    fake.expireTokens();
    expect(await fetchedBytes(await fetch(id))).toEqual(jpeg);
    expect(fake.tokens.length).toBe(tokensBefore + 1);
  });

  it('is gone when the media id is unknown or expired (40007), and tried again when WeChat is busy (-1) or fails (500)', async () => {
    expect(await fetch('expired-id')).toMatchObject({ outcome: 'gone', detail: expect.stringMatching(/^WeChat no longer has this file \(WeChat 40007: invalid media_id/) });
    const id = fake.addMedia({ bytes: jpeg, mimeType: 'image/jpeg' });
    fake.failNext(1, wechatError(-1), { path: '/cgi-bin/media/get' });
    expect(await fetch(id)).toMatchObject({ outcome: 'retry', detail: expect.stringMatching(/^WeChat -1: system error/) });
    fake.failNext(1, { status: 500, text: 'Internal Server Error' }, { path: '/cgi-bin/media/get' });
    expect(await fetch(id)).toEqual({ outcome: 'retry', detail: 'WeChat answered 500' });
  });
});
