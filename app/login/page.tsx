import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/login-form';
import { currentUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function LoginPage() {
  if (await currentUser()) redirect('/inbox');
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <LoginForm />
    </main>
  );
}
