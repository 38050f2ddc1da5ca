import { createHash } from 'node:crypto';

/** API tokens are stored only as this hash; a leaked database does not leak usable tokens. */
export const hashApiToken = (token: string): string => createHash('sha256').update(token).digest('hex');
