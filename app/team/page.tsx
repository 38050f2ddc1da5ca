import { notFound, redirect } from 'next/navigation';
import { AppHeader } from '@/components/app-header';
import { TeamView } from '@/components/team/team-view';
import { currentUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function TeamPage() {
  const user = await currentUser();
  if (!user) redirect('/login');
  // Agents cannot open the team view: to them it does not exist.
  if (user.role === 'agent') notFound();
  return (
    <div className="flex h-screen flex-col">
      <AppHeader user={user} />
      <TeamView />
    </div>
  );
}
