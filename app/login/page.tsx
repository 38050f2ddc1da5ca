import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/login-form';
import { getDb } from '@/db/client';
import { currentUser } from '@/server/auth/current-user';
import { needsSetup } from '@/server/workspaces/create';
import { demoLoginsExist } from '@/server/workspaces/demo-logins';

export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ ended?: string }> }) {
  if (await currentUser()) redirect('/inbox');
  // Nobody to sign in as yet: the first run comes first.
  if (await needsSetup(getDb())) redirect('/setup');
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <LoginForm sessionEnded={(await searchParams).ended === '1'} demo={await demoLoginsExist(getDb())} />
    </main>
  );
}
