import { DeadLink } from '@/components/links/dead-link';
import { InviteForm } from '@/components/links/invite-form';
import { getDb } from '@/db/client';
import { systemClock } from '@/server/clock';
import { invitationForLink } from '@/server/users/invitations';

export const dynamic = 'force-dynamic';

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await invitationForLink(getDb(), token, systemClock.now());
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      {invitation.state === 'open' ? <InviteForm invitation={{ ...invitation, token }} /> : <DeadLink state={invitation.state} />}
    </main>
  );
}
