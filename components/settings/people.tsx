'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { ROLES } from '@/db/schema/values';
import type { SessionUser } from '@/server/auth/session';
import type { ApiInvitation, ApiUser } from '@/server/users/schemas';
import { errorText } from '../error-text';
import { useLocale, useT } from '../i18n';
import { useTRPC } from '../trpc';
import { timeOfDay } from '../ui/time';
import { OneTimeLink } from './one-time-link';

const cell = 'px-3 py-2 align-top';
const small = 'rounded px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50';

/** Settings → People (SPEC §15): everyone with their role, teams, status and last seen; invitations; the admin's actions. */
export function People({ me }: { me: SessionUser }) {
  const t = useT();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.people.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.people.list.queryKey() });
  const [link, setLink] = useState<null | { label: (date: string) => string; url: string; expiresAt: string; emailDelivery: 'sent' | 'not_configured' | 'failed' }>(null);
  const showInvitation = (i: { email: string; inviteUrl: string; expiresAt: string; emailDelivery: 'sent' | 'not_configured' | 'failed' }) =>
    setLink({ label: (date) => t('people.inviteLink', { email: i.email, date }), url: i.inviteUrl, expiresAt: i.expiresAt, emailDelivery: i.emailDelivery });

  const invite = useMutation(trpc.people.invite.mutationOptions({ onSuccess: (i) => { showInvitation(i); void refresh(); } }));
  const resend = useMutation(trpc.people.resendInvitation.mutationOptions({ onSuccess: (i) => { showInvitation(i); void refresh(); } }));
  const revoke = useMutation(trpc.people.revokeInvitation.mutationOptions({ onSuccess: () => void refresh() }));
  const update = useMutation(trpc.people.update.mutationOptions({ onSuccess: () => void refresh() }));
  const reset = useMutation(trpc.people.issuePasswordReset.mutationOptions());
  const failure = [invite, resend, revoke, update, reset].find((m) => m.error)?.error;

  function submitInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const role = ROLES.find((r) => r === f.get('role')) ?? 'agent';
    const name = String(f.get('name') ?? '').trim();
    invite.mutate({ email: String(f.get('email') ?? ''), role, ...(name ? { name } : {}) }, { onSuccess: () => form.reset() });
  }

  function issueReset(person: ApiUser) {
    reset.mutate(
      { userId: person.id },
      { onSuccess: (r) => setLink({ label: (date) => t('people.resetLink', { name: person.name, date }), url: r.resetUrl, expiresAt: r.expiresAt, emailDelivery: r.emailDelivery }) },
    );
  }

  function setActive(person: ApiUser, active: boolean) {
    if (!active && !window.confirm(t('people.confirmDeactivate', { name: person.name }))) return;
    update.mutate({ userId: person.id, patch: { active } });
  }

  return (
    <section className="mx-auto max-w-5xl space-y-4 p-4 sm:p-6">
      <h1 className="text-lg font-semibold">{t('people.title')}</h1>
      <p className="text-sm text-slate-600">{t('people.intro')}</p>

      <form onSubmit={submitInvite} aria-label={t('people.inviteTitle')} className="flex flex-wrap items-end gap-2 rounded border border-slate-200 bg-white p-3">
        <label className="min-w-[12rem] flex-1 text-sm">
          <span className="mb-1 block text-slate-600">{t('people.inviteEmail')}</span>
          <input name="email" type="email" required maxLength={254} className="w-full rounded border border-slate-300 px-2 py-1.5 text-sm" />
        </label>
        <label className="min-w-[10rem] flex-1 text-sm">
          <span className="mb-1 block text-slate-600">{t('people.inviteName')}</span>
          <input name="name" maxLength={100} className="w-full rounded border border-slate-300 px-2 py-1.5 text-sm" />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">{t('people.inviteRole')}</span>
          <select name="role" defaultValue="agent" className="rounded border border-slate-300 px-2 py-1.5 text-sm">
            {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
          </select>
        </label>
        <button type="submit" disabled={invite.isPending} className="rounded bg-indigo-600 px-4 py-1.5 text-sm text-white disabled:opacity-50">
          {t('people.invite')}
        </button>
      </form>

      {link && <OneTimeLink {...link} />}
      {failure && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {errorText(t, failure)}
        </p>
      )}

      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full min-w-[40rem] border-collapse text-sm" data-testid="people-table">
          <thead className="bg-slate-50 text-left text-xs text-slate-600">
            <tr>
              <th className={cell}>{t('people.col.person')}</th>
              <th className={cell}>{t('people.col.role')}</th>
              <th className={cell}>{t('people.col.teams')}</th>
              <th className={cell}>{t('people.col.status')}</th>
              <th className={cell}>{t('people.col.lastSeen')}</th>
              <th className={cell}>{t('people.col.actions')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.data?.people.map((p) => (
              <tr key={p.id} className={p.status === 'deactivated' ? 'bg-slate-50 text-slate-500' : ''} data-testid={`person-${p.email}`}>
                <td className={cell}>
                  <span className="font-medium">{p.name}</span>
                  {p.id === me.id && <span className="ml-1 text-xs text-slate-500">({t('people.you')})</span>}
                  <span className="block text-xs text-slate-500">{p.email}</span>
                  {p.status === 'deactivated' && p.openConversations > 0 && (
                    <Link href={`/inbox?tab=all&status=open&assignee=${p.id}`} className="mt-1 block text-xs text-amber-700 underline">
                      {t('people.openConversations', { count: p.openConversations })}
                    </Link>
                  )}
                </td>
                <td className={cell}>
                  <select
                    aria-label={t('people.roleOf', { name: p.name })}
                    value={p.role}
                    disabled={p.status === 'deactivated' || update.isPending}
                    onChange={(e) => update.mutate({ userId: p.id, patch: { role: ROLES.find((r) => r === e.target.value) ?? p.role } })}
                    className="rounded border border-slate-300 px-1 py-0.5 text-xs"
                  >
                    {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
                  </select>
                </td>
                <td className={cell}>{p.teams.map((team) => team.name).join(', ') || '—'}</td>
                <td className={cell}>{t(`people.status.${p.status}`)}</td>
                <td className={cell}>{p.lastSeenAt ? timeOfDay(p.lastSeenAt, locale) : t('people.never')}</td>
                <td className={`${cell} whitespace-nowrap`}>
                  {p.status === 'active' ? (
                    <>
                      <button type="button" onClick={() => issueReset(p)} disabled={reset.isPending} className={small}>
                        {t('people.resetPassword')}
                      </button>
                      <button type="button" onClick={() => setActive(p, false)} disabled={update.isPending} className={`${small} text-red-700 hover:bg-red-50`}>
                        {t('people.deactivate')}
                      </button>
                    </>
                  ) : (
                    <button type="button" onClick={() => setActive(p, true)} disabled={update.isPending} className={small}>
                      {t('people.reactivate')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {list.data?.invitations.map((i) => <InvitationRow key={i.id} invitation={i} onResend={() => resend.mutate({ invitationId: i.id })} onRevoke={() => revoke.mutate({ invitationId: i.id })} />)}
          </tbody>
        </table>
      </div>
      {list.data?.people.length === 1 && list.data.invitations.length === 0 && <p className="text-sm text-slate-500">{t('people.empty')}</p>}
    </section>
  );
}

function InvitationRow({ invitation: i, onResend, onRevoke }: { invitation: ApiInvitation; onResend: () => void; onRevoke: () => void }) {
  const t = useT();
  return (
    <tr className="text-slate-600" data-testid={`invitation-${i.email}`}>
      <td className={cell}>
        {i.name && <span className="font-medium">{i.name}</span>}
        <span className="block text-xs text-slate-500">{i.email}</span>
      </td>
      <td className={cell}>{t(`role.${i.role}`)}</td>
      <td className={cell}>—</td>
      <td className={cell}>{i.status === 'expired' ? t('people.status.expired') : t('people.status.invited')}</td>
      <td className={cell}>{t('people.never')}</td>
      <td className={`${cell} whitespace-nowrap`}>
        <button type="button" onClick={onResend} className={small}>
          {t('people.resend')}
        </button>
        <button type="button" onClick={onRevoke} className={`${small} text-red-700 hover:bg-red-50`}>
          {t('people.revoke')}
        </button>
      </td>
    </tr>
  );
}
