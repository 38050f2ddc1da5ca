import { AppPage } from '@/components/app-page';
import { TeamsManager } from '@/components/settings/teams-manager';
import { translate } from '@/i18n/messages';
import { requestLocale } from '@/i18n/server';
import { isAdmin, isLead } from '@/server/access/roles';
import { requireUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function TeamsPage() {
  const user = await requireUser();
  return (
    <AppPage user={user}>
      {isLead(user.role) ? <TeamsManager isAdmin={isAdmin(user.role)} /> : <p role="alert" className="p-6 text-sm text-slate-600">{translate(await requestLocale(), 'teams.forbidden')}</p>}
    </AppPage>
  );
}
