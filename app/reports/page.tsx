import { notFound } from 'next/navigation';
import { AppPage } from '@/components/app-page';
import { AttributionReport } from '@/components/reports/attribution-report';
import { isManager } from '@/server/access/roles';
import { requireUser } from '@/server/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function ReportsPage() {
  const user = await requireUser();
  // Managers and admins report by campaign and flow (SPEC §1); to the others the page does not exist.
  if (!isManager(user.role)) notFound();
  return (
    <AppPage user={user}>
      <AttributionReport />
    </AppPage>
  );
}
