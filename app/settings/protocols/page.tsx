import { AppPage } from '@/components/app-page';
import { ProtocolsSettings } from '@/components/settings/protocol-editor';
import { translate } from '@/i18n/messages';
import { requestLocale } from '@/i18n/server';
import { isManager } from '@/server/access/roles';
import { requireUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function ProtocolsPage() {
  const user = await requireUser();
  const allowed = isManager(user.role);
  return (
    <AppPage user={user}>
      {allowed ? <ProtocolsSettings /> : <p role="alert" className="p-6 text-sm text-slate-600">{translate(await requestLocale(), 'protocols.forbidden')}</p>}
    </AppPage>
  );
}
