import { redirect } from 'next/navigation';
import { Inbox } from '@/components/inbox/inbox';
import { currentUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function InboxPage() {
  const user = await currentUser();
  if (!user) redirect('/login');
  return <Inbox user={user} />;
}
