import type { Db } from '@/db/client';
import { recordAdapter } from './record';
import type { Channel, DeliveryAdapter } from './types';

/** The adapter of a channel, or null when Cadence cannot yet deliver through its provider. */
export function adapterFor(db: Db, channel: Channel): DeliveryAdapter | null {
  if (channel.kind === 'sandbox' || channel.settings.delivery === 'record') return recordAdapter(db);
  return null;
}
