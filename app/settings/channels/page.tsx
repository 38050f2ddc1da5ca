import { AppPage } from '@/components/app-page';
import { ChannelsSettings } from '@/components/settings/channels';
import { translate } from '@/i18n/messages';
import { requestLocale } from '@/i18n/server';
import { isManager } from '@/server/access/roles';
import { requireUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function ChannelsPage() {
  const user = await requireUser();
  return (
    <AppPage user={user}>
      {isManager(user.role) ? (
        <ChannelsSettings />
      ) : (
        <p role="alert" className="p-6 text-sm text-slate-600">
          {translate(await requestLocale(), 'channels.forbidden')}
        </p>
      )}
    </AppPage>
  );
}
