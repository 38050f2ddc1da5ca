import { notFound } from 'next/navigation';
import { SetupForm } from '@/components/links/setup-form';
import { getDb } from '@/db/client';
import { needsSetup } from '@/server/workspaces/create';

export const dynamic = 'force-dynamic';

/** The first run; gone (404) as soon as anyone exists. */
export default async function SetupPage() {
  if (!(await needsSetup(getDb()))) notFound();
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <SetupForm />
    </main>
  );
}
