import { createHash, randomBytes } from 'node:crypto';
import { config } from '@/server/env';
import { AppError } from '@/server/errors';
import type { LinkState } from './policy';

/** A link's token is kept only as this hash: a leaked database holds no usable link. */
export const hashLinkToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A fresh single-use link token (256 bits) and the hash to store. */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

/** Where a person opens a link: `/invite/{token}` or `/reset/{token}` on PUBLIC_URL. */
export const linkUrl = (kind: 'invite' | 'reset', token: string): string => `${config().PUBLIC_URL}/${kind}/${token}`;

const deadLink = {
  used: 'token: this link was already used',
  revoked: 'token: this link was revoked',
  expired: 'token: this link has expired; ask an admin for a new one',
  unknown: 'token: no such link',
} as const;

/**
 * The error a link that could not be claimed answers: NOT_FOUND, with why (from its row as it now
 * is; none: unknown) for the screen to explain.
 */
export function deadLinkError(state: LinkState | null): AppError {
  // A row still open here lost a race for its claim: to this request it is as good as unknown.
  const why = state === null || state === 'open' ? 'unknown' : state;
  return new AppError('NOT_FOUND', deadLink[why], { field: 'token', reason: `link_${why}` });
}
