import { redirect } from 'next/navigation';
import { AppPage } from '@/components/app-page';
import { SmsSettings } from '@/components/settings/sms-settings';
import { translate } from '@/i18n/messages';
import { requestLocale } from '@/i18n/server';
import { isManager } from '@/server/access/roles';
import { currentUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function SmsPage() {
  const user = await currentUser();
  if (!user) redirect('/login');
  return (
    <AppPage user={user}>
      {isManager(user.role) ? <SmsSettings /> : <p role="alert" className="p-6 text-sm text-slate-600">{translate(await requestLocale(), 'sms.forbidden')}</p>}
    </AppPage>
  );
}
