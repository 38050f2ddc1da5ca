import { redirect } from 'next/navigation';
import { Inbox } from '@/components/inbox/inbox';
import { getDb } from '@/db/client';
import { requireUser } from '@/server/auth/current-user';
import { landingTabFor } from '@/server/conversations/service';

export const dynamic = 'force-dynamic';

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const params = await searchParams;
  // A tab in the URL always wins; without one, a lead with nothing assigned lands on "all".
  if (params.tab === undefined && (await landingTabFor(getDb(), user)) === 'all') {
    const next = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : (v ?? []).map((x) => [k, x]))));
    next.set('tab', 'all');
    redirect(`/inbox?${next.toString()}`);
  }
  return <Inbox user={user} />;
}
