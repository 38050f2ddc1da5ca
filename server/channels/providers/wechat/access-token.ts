import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DeliveryOutcome } from '../../outbound';
import { callProvider } from '../../provider-http';

/*
 * WeChat's access token (`cgi-bin/token`): good for `expires_in` seconds, and fetched at most a
 * few thousand times a day, so each process keeps one per app until 5 minutes before it
 * expires. A token WeChat calls expired or invalid (another process fetched a newer one) is
 * dropped and fetched again once.
 */

const Granted = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
const Refused = z.object({ errcode: z.number().int(), errmsg: z.string() });

/** Refreshed this long before WeChat says it expires. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export type TokenResult = { ok: true; token: string } | { ok: false; outcome: Extract<DeliveryOutcome, { outcome: 'failed' | 'retry' }> };

type App = { appId: string; appSecret: string };

const cache = new Map<string, { token: string; refreshAt: number }>();
const fetching = new Map<string, Promise<TokenResult>>();

// The secret is part of the key so that replacing it in the channel fetches a new token.
const keyOf = (app: App) => `${app.appId}:${createHash('sha256').update(app.appSecret).digest('hex')}`;

/** WeChat's busy signal and daily token quota pass; anything else about the app is for a manager to fix. */
const TRANSIENT = new Set([-1, 45009]);

async function fetchToken(app: App, now: number): Promise<TokenResult> {
  const query = new URLSearchParams({ grant_type: 'client_credential', appid: app.appId, secret: app.appSecret });
  const call = await callProvider('wechat', `/cgi-bin/token?${query}`, {});
  // Asking for a token sends nobody anything: with no answer, it is simply asked again later.
  if (call.kind !== 'answered') return { ok: false, outcome: { outcome: 'retry', code: 'wechat.unreachable', detail: call.detail } };
  if (call.answer.status >= 500) return { ok: false, outcome: { outcome: 'retry', code: 'wechat.server_error', detail: `WeChat answered ${call.answer.status}` } };
  const granted = Granted.safeParse(call.answer.json);
  if (granted.success) {
    cache.set(keyOf(app), { token: granted.data.access_token, refreshAt: now + granted.data.expires_in * 1000 - REFRESH_MARGIN_MS });
    return { ok: true, token: granted.data.access_token };
  }
  const refused = Refused.safeParse(call.answer.json);
  if (!refused.success) return { ok: false, outcome: { outcome: 'retry', code: 'wechat.server_error', detail: `WeChat answered ${call.answer.status}: ${call.answer.text.slice(0, 200)}` } };
  const { errcode, errmsg } = refused.data;
  const detail = `WeChat ${errcode}: ${errmsg}`;
  if (TRANSIENT.has(errcode)) return { ok: false, outcome: { outcome: 'retry', code: `wechat.${errcode}`, detail } };
  return { ok: false, outcome: { outcome: 'failed', code: `wechat.${errcode}`, detail, channel: 'needs_attention' } };
}

/** The app's token: the cached one while fresh, else one fetch shared by every caller meanwhile. */
export async function accessToken(app: App, now: number): Promise<TokenResult> {
  const key = keyOf(app);
  const cached = cache.get(key);
  if (cached && now < cached.refreshAt) return { ok: true, token: cached.token };
  const pending = fetching.get(key) ?? fetchToken(app, now).finally(() => fetching.delete(key));
  fetching.set(key, pending);
  return pending;
}

/** Forgets `stale` (WeChat refused it), unless a caller meanwhile replaced it with a newer one. */
export function dropToken(app: App, stale: string): void {
  const key = keyOf(app);
  if (cache.get(key)?.token === stale) cache.delete(key);
}
