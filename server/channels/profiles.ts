import type { JobKind } from '@/server/scheduler/queue';
import type { Provider } from './credentials';

/**
 * Providers whose webhooks name nobody (Messenger and Instagram send a scoped id, LINE a user id): a new contact of theirs is
 * named by a background job that asks the provider's profile API, never the webhook request,
 * which must answer at once.
 */
export const profileLookups: Partial<Record<Provider, JobKind>> = { messenger: 'contact.profile', instagram: 'contact.profile', line: 'contact.profile_line' };
