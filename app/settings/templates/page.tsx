import { redirect } from 'next/navigation';
import { AppHeader } from '@/components/app-header';
import { TemplatesManager } from '@/components/settings/templates-manager';
import { currentUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function TemplatesPage() {
  const user = await currentUser();
  if (!user) redirect('/login');
  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader user={user} />
      <TemplatesManager canManageShared={user.role === 'manager' || user.role === 'admin'} />
    </div>
  );
}
