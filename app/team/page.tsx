import { notFound } from 'next/navigation';
import { AppPage } from '@/components/app-page';
import { TeamView } from '@/components/team/team-view';
import { isLead } from '@/server/access/roles';
import { requireUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function TeamPage() {
  const user = await requireUser();
  // Agents cannot open the team view: to them it does not exist.
  if (!isLead(user.role)) notFound();
  return (
    <AppPage user={user} fill>
      <TeamView />
    </AppPage>
  );
}
