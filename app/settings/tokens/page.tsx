import { AppPage } from '@/components/app-page';
import { ApiTokens } from '@/components/settings/api-tokens';
import { translate } from '@/i18n/messages';
import { requestLocale } from '@/i18n/server';
import { isAdmin } from '@/server/access/roles';
import { requireUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function TokensPage() {
  const user = await requireUser();
  return (
    <AppPage user={user}>
      {isAdmin(user.role) ? (
        <ApiTokens />
      ) : (
        <p role="alert" className="p-6 text-sm text-slate-600">
          {translate(await requestLocale(), 'tokens.forbidden')}
        </p>
      )}
    </AppPage>
  );
}
