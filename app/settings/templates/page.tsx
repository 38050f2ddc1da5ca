import { AppPage } from '@/components/app-page';
import { TemplatesManager } from '@/components/settings/templates-manager';
import { isManager } from '@/server/access/roles';
import { requireUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function TemplatesPage() {
  const user = await requireUser();
  return (
    <AppPage user={user}>
      <TemplatesManager canManageShared={isManager(user.role)} />
    </AppPage>
  );
}
