import type { channels } from '@/db/schema';
import { masked } from '../credentials';
import { credentialsOf, webhookUrlOf } from './policy';
import type { ApiChannel } from './schemas';

type Channel = typeof channels.$inferSelect;

/**
 * A channel as every API and page shows it. Credentials only masked; the verify token in full,
 * because a manager must paste it into Meta's console (it only lets Meta's set-up echo a
 * challenge); the Telegram webhook secret never (Cadence hands it to Telegram itself).
 */
export function toChannelView(row: Channel, publicUrl: string): ApiChannel {
  const credentials = row.provider ? credentialsOf(row.provider, row.secrets) : {};
  return {
    id: row.id,
    kind: row.kind,
    provider: row.provider,
    name: row.name,
    publicId: row.publicId,
    state: row.state,
    stateReason: row.stateReason,
    webhookUrl: webhookUrlOf(publicUrl, row),
    ...(row.secrets.verifyToken ? { verifyToken: row.secrets.verifyToken } : {}),
    credentials: Object.fromEntries(Object.entries(credentials).map(([field, value]) => [field, masked(value)])),
    settings: row.settings,
  };
}
