import { AppPage } from '@/components/app-page';
import { ProfileForm } from '@/components/settings/profile-form';
import { requireUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function ProfilePage() {
  const user = await requireUser();
  return (
    <AppPage user={user}>
      <ProfileForm />
    </AppPage>
  );
}
