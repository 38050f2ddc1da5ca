import { AppPage } from '@/components/app-page';
import { WorkspaceForm } from '@/components/settings/workspace-form';
import { translate } from '@/i18n/messages';
import { requestLocale } from '@/i18n/server';
import { isAdmin } from '@/server/access/roles';
import { requireUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function WorkspacePage() {
  const user = await requireUser();
  return (
    <AppPage user={user}>
      {isAdmin(user.role) ? <WorkspaceForm /> : <p role="alert" className="p-6 text-sm text-slate-600">{translate(await requestLocale(), 'workspace.forbidden')}</p>}
    </AppPage>
  );
}
