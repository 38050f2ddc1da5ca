import { AppPage } from '@/components/app-page';
import { People } from '@/components/settings/people';
import { translate } from '@/i18n/messages';
import { requestLocale } from '@/i18n/server';
import { isAdmin } from '@/server/access/roles';
import { requireUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function PeoplePage() {
  const user = await requireUser();
  return (
    <AppPage user={user}>
      {isAdmin(user.role) ? (
        <People me={user} />
      ) : (
        <p role="alert" className="p-6 text-sm text-slate-600">
          {translate(await requestLocale(), 'people.forbidden')}
        </p>
      )}
    </AppPage>
  );
}
