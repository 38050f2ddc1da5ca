import { redirect } from 'next/navigation';
import { AppPage } from '@/components/app-page';
import { FollowupsSettings } from '@/components/followups/followups-settings';
import { translate } from '@/i18n/messages';
import { requestLocale } from '@/i18n/server';
import { isManager } from '@/server/access/roles';
import { currentUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function FollowupsPage() {
  const user = await currentUser();
  if (!user) redirect('/login');
  return (
    <AppPage user={user}>
      {isManager(user.role) ? <FollowupsSettings /> : <p role="alert" className="p-6 text-sm text-slate-600">{translate(await requestLocale(), 'followups.forbidden')}</p>}
    </AppPage>
  );
}
