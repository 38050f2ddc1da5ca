import { DeadLink } from '@/components/links/dead-link';
import { ResetForm } from '@/components/links/reset-form';
import { getDb } from '@/db/client';
import { systemClock } from '@/server/clock';
import { resetForLink } from '@/server/users/password-reset';

export const dynamic = 'force-dynamic';

export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await resetForLink(getDb(), token, systemClock.now());
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      {reset.state === 'open' ? <ResetForm token={token} email={reset.email} /> : <DeadLink state={reset.state} />}
    </main>
  );
}
