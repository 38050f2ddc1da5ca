import { redirect } from 'next/navigation';
import { AppPage } from '@/components/app-page';
import { ProfileForm } from '@/components/settings/profile-form';
import { currentUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function ProfilePage() {
  const user = await currentUser();
  if (!user) redirect('/login');
  return (
    <AppPage user={user}>
      <ProfileForm />
    </AppPage>
  );
}
