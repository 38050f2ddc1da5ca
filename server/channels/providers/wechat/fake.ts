import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { fileAnswer, jsonBody, multipartParts, startFakeProvider, type FakeAnswer, type FakeFile, type FakeProvider, type FakeRequest } from '../fake-server';

/*
 * WeChat's Official Account API as a local server: an access token from `cgi-bin/token` (app id
 * and secret in the query), then `cgi-bin/message/custom/send?access_token=`. Every answer is
 * HTTP 200 with `errcode` and `errmsg` (0 and "ok" when it worked), errmsg ending with WeChat's
 * request id (`rid`). `cgi-bin/media/get?access_token=&media_id=` answers a follower's file
 * (`Content-disposition: attachment; filename=`), or for a video `{"video_url"}` to fetch it from.
 * `cgi-bin/media/upload?access_token=&type=image` takes a temporary image (multipart `media`,
 * JPEG or PNG up to 10 MB) and answers its `media_id`, which an `image` message then names.
 */

/** An image the account uploaded as temporary media. */
export type WechatFakeUpload = { type: string; fileName: string | null; contentType: string | null; bytes: Buffer; sha256: string };

/** A sent message: a text's content, or an image message's upload (its content empty). */
export type WechatFakeMessage = { touser: string; content: string; accessToken: string; image?: WechatFakeUpload };

export type WechatFake = FakeProvider & {
  sent: WechatFakeMessage[];
  /** Tokens issued so far, in order. */
  tokens: string[];
  /** Every token issued so far expires (42001), as after `expires_in`. */
  expireTokens(): void;
  /** Every token issued so far is no longer the latest (40001), as when another server fetched a new one. */
  invalidateTokens(): void;
  /** Followers outside the 48 h window (45015). */
  outsideWindow: Set<string>;
  /** Users who unfollowed (43004). */
  unsubscribed: Set<string>;
  /** Temporary media the account uploaded, by media_id. */
  uploads: Map<string, WechatFakeUpload>;
  /** Holds a file a follower sent: its MediaId. A video is handed out by `video_url`, as WeChat does. */
  addMedia(file: FakeFile, options?: { video?: boolean }): string;
};

const rid = () => `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;

const messages: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40007: 'invalid media_id',
  40004: 'invalid media type',
  40008: 'invalid message type',
  40009: 'invalid image size',
  40013: 'invalid appid',
  40125: 'invalid appsecret',
  41001: 'access_token missing',
  41005: 'media data missing',
  42001: 'access_token expired',
  43004: 'require subscribe',
  44004: 'empty content',
  45015: 'response out of time limit or subscription is canceled',
  45047: 'out of response count limit',
};

/** One of WeChat's error answers (HTTP 200, as WeChat answers them). */
export function wechatError(errcode: number): FakeAnswer {
  return { status: 200, json: { errcode, errmsg: `${messages[errcode] ?? 'error'} rid: ${rid()}` } };
}

export async function startWechatFake(options: { appId: string; appSecret: string; expiresIn?: number }): Promise<WechatFake> {
  const sent: WechatFakeMessage[] = [];
  const tokens: string[] = [];
  const expired = new Set<string>();
  const invalid = new Set<string>();
  const outsideWindow = new Set<string>();
  const unsubscribed = new Set<string>();
  const media = new Map<string, FakeFile & { video: boolean }>();
  const uploads = new Map<string, WechatFakeUpload>();

  /** The token's refusal, as WeChat words it, or null for a good one. */
  const tokenRefusal = (token: string | null): FakeAnswer | null => {
    if (!token) return wechatError(41001);
    if (expired.has(token)) return wechatError(42001);
    if (!tokens.includes(token) || invalid.has(token)) return wechatError(40001);
    return null;
  };

  const handle = (request: FakeRequest): FakeAnswer => {
    if (request.method === 'GET' && request.path === '/cgi-bin/media/get') {
      const refusal = tokenRefusal(request.query.get('access_token'));
      if (refusal) return refusal;
      const id = request.query.get('media_id') ?? '';
      const file = media.get(id);
      if (!file) return wechatError(40007);
      if (file.video) return { status: 200, json: { video_url: `${fake.url}/video/${id}` } };
      const extension = file.mimeType.split('/')[1] ?? 'bin';
      return fileAnswer({ ...file, fileName: file.fileName ?? `${id}.${extension}` });
    }
    const video = /^\/video\/([\w-]+)$/.exec(request.path);
    if (request.method === 'GET' && video) {
      const file = media.get(video[1]!);
      return file?.video ? fileAnswer(file) : { status: 404, text: 'Not Found' };
    }
    if (request.method === 'GET' && request.path === '/cgi-bin/token') {
      if (request.query.get('grant_type') !== 'client_credential') return wechatError(40002);
      if (request.query.get('appid') !== options.appId) return wechatError(40013);
      if (request.query.get('secret') !== options.appSecret) return wechatError(40125);
      const token = randomBytes(48).toString('base64url');
      tokens.push(token);
      return { status: 200, json: { access_token: token, expires_in: options.expiresIn ?? 7200 } };
    }
    if (request.method === 'POST' && request.path === '/cgi-bin/media/upload') {
      const refusal = tokenRefusal(request.query.get('access_token'));
      if (refusal) return refusal;
      const type = request.query.get('type') ?? '';
      if (!['image', 'voice', 'video', 'thumb'].includes(type)) return wechatError(40004);
      const file = multipartParts(request)?.find((p) => p.name === 'media' && p.fileName !== undefined);
      if (!file) return wechatError(41005);
      if (type === 'image' && !/^image\/(jpeg|png)$/.test(file.contentType ?? '')) return wechatError(40004);
      if (type === 'image' && file.data.length > 10 * 1024 * 1024) return wechatError(40009);
      const id = randomBytes(32).toString('base64url');
      uploads.set(id, { type, fileName: file.fileName ?? null, contentType: file.contentType ?? null, bytes: file.data, sha256: createHash('sha256').update(file.data).digest('hex') });
      return { status: 200, json: { type, media_id: id, created_at: Math.floor(Date.now() / 1000) } };
    }
    if (request.method === 'POST' && request.path === '/cgi-bin/message/custom/send') {
      const token = request.query.get('access_token');
      const refusal = tokenRefusal(token);
      if (refusal || !token) return refusal ?? wechatError(41001);
      const body = jsonBody(request) as { touser?: unknown; msgtype?: unknown; text?: { content?: unknown }; image?: { media_id?: unknown } } | null;
      if (!body || typeof body.touser !== 'string' || !body.touser) return wechatError(40003);
      if (body.msgtype !== 'text' && body.msgtype !== 'image') return wechatError(40008);
      const image = body.msgtype === 'image' ? uploads.get(String(body.image?.media_id ?? '')) : undefined;
      if (body.msgtype === 'image' && image?.type !== 'image') return wechatError(40007);
      if (body.msgtype === 'text' && (typeof body.text?.content !== 'string' || !body.text.content)) return wechatError(44004);
      if (unsubscribed.has(body.touser)) return wechatError(43004);
      if (outsideWindow.has(body.touser)) return wechatError(45015);
      sent.push({ touser: body.touser, content: typeof body.text?.content === 'string' ? body.text.content : '', accessToken: token, ...(image ? { image } : {}) });
      return { status: 200, json: { errcode: 0, errmsg: 'ok' } };
    }
    return { status: 404, text: 'Not Found' };
  };

  const fake = await startFakeProvider(handle);
  return {
    ...fake,
    sent,
    tokens,
    uploads,
    outsideWindow,
    unsubscribed,
    addMedia(file, options = {}) {
      const id = randomBytes(24).toString('base64url');
      media.set(id, { ...file, video: options.video ?? false });
      return id;
    },
    expireTokens: () => tokens.forEach((t) => expired.add(t)),
    invalidateTokens: () => tokens.forEach((t) => invalid.add(t)),
  };
}
