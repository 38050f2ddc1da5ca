import { redirect } from 'next/navigation';
import { AppPage } from '@/components/app-page';
import { TemplatesManager } from '@/components/settings/templates-manager';
import { isManager } from '@/server/access/roles';
import { currentUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function TemplatesPage() {
  const user = await currentUser();
  if (!user) redirect('/login');
  return (
    <AppPage user={user}>
      <TemplatesManager canManageShared={isManager(user.role)} />
    </AppPage>
  );
}
