import { redirect } from 'next/navigation';
import { AppHeader } from '@/components/app-header';
import { ProfileForm } from '@/components/settings/profile-form';
import { currentUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function ProfilePage() {
  const user = await currentUser();
  if (!user) redirect('/login');
  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader user={user} />
      <ProfileForm />
    </div>
  );
}
