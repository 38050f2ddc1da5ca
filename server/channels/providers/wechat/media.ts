import { z } from 'zod';
import type { ChannelSecrets } from '@/db/schema/channels';
import type { InboundMediaProvider, MediaFetchOutcome } from '../../media';
import { downloadMedia, fetchedMedia, mediaHosts, onHost, openMedia } from '../../media-download';
import { providerBase } from '../../provider-http';
import { requireSecrets } from '../outcomes';
import { accessToken, dropToken } from './access-token';

/*
 * A file a follower sent (SPEC §14): `cgi-bin/media/get` with the app's access token and the
 * message's MediaId, for 3 days after it was sent. WeChat answers the file itself, or JSON: an
 * error (`errcode`, HTTP 200 like all its answers), or for a video the `video_url` to download
 * it from, over plain HTTP on WeChat's own hosts.
 */

const apiHosts = mediaHosts('wechat', (url) => url.hostname === 'api.weixin.qq.com');
const videoHosts = mediaHosts('wechat', (url) => onHost(url.hostname, 'qq.com') || onHost(url.hostname, 'qpic.cn'), { http: true });

const Answer = z.union([z.object({ video_url: z.string().min(1) }), z.object({ errcode: z.number().int(), errmsg: z.string().optional() })]);

/** The token was refused (expired, or replaced by a newer fetch): fetch another and ask again, once. */
const STALE_TOKEN = new Set([40001, 40014, 42001]);
/** WeChat is busy, or the app is over its call rate for now. */
const TRANSIENT = new Set([-1, 45009]);
/** The media id is unknown or expired. */
const EXPIRED = new Set([40007]);

type App = { appId: string; appSecret: string };

const jsonOf = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};
type Asked = { outcome: MediaFetchOutcome } | { staleToken: string };

async function ask(app: App, ref: string, signal: AbortSignal): Promise<Asked> {
  const token = await accessToken(app, Date.now());
  if (!token.ok) return { outcome: { outcome: token.outcome.outcome === 'retry' ? 'retry' : 'gone', detail: token.outcome.detail } };
  const query = new URLSearchParams({ access_token: token.token, media_id: ref });
  const opened = await openMedia({ provider: 'WeChat', url: `${providerBase('wechat')}/cgi-bin/media/get?${query}`, hosts: apiHosts, signal });
  if (!opened.ok) return { outcome: opened.outcome };
  const type = opened.response.headers.get('content-type') ?? '';
  if (!/^(application\/json|text\/plain)\b/.test(type)) return { outcome: { outcome: 'fetched', media: fetchedMedia(opened.response) } };
  const text = await opened.response.text();
  const answer = Answer.safeParse(jsonOf(text));
  if (!answer.success) return { outcome: { outcome: 'retry', detail: `WeChat answered ${text.slice(0, 200)}` } };
  if ('video_url' in answer.data) return { outcome: await downloadMedia({ provider: 'WeChat', url: answer.data.video_url, hosts: videoHosts, signal }) };
  const { errcode, errmsg } = answer.data;
  if (STALE_TOKEN.has(errcode)) return { staleToken: token.token };
  const detail = `WeChat ${errcode}: ${errmsg ?? ''}`.trim();
  if (TRANSIENT.has(errcode)) return { outcome: { outcome: 'retry', detail } };
  return { outcome: { outcome: 'gone', detail: EXPIRED.has(errcode) ? `WeChat no longer has this file (${detail})` : detail } };
}

async function fetchMedia(ref: string, secrets: ChannelSecrets, signal: AbortSignal): Promise<MediaFetchOutcome> {
  const need = requireSecrets(secrets, ['appId', 'appSecret']);
  if (!need.ok) return { outcome: 'gone', detail: `The channel has no ${need.missing}.` };
  const first = await ask(need.secrets, ref, signal);
  if ('outcome' in first) return first.outcome;
  dropToken(need.secrets, first.staleToken);
  const second = await ask(need.secrets, ref, signal);
  return 'outcome' in second ? second.outcome : { outcome: 'retry', detail: 'WeChat refused a fresh access token' };
}

export const wechatMedia: InboundMediaProvider = { fetchMedia };
