'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { TEAM_VISIBILITIES } from '@/db/schema/values';
import type { MessageKey } from '@/i18n/messages';
import type { ApiTeam } from '@/server/teams/schemas';
import { errorText } from '../error-text';
import { useT } from '../i18n';
import { useTRPC } from '../trpc';

type Person = { id: string; name: string; role: string };

/**
 * Settings → Teams (SPEC §1, §15). Admins create, rename, delete and staff teams and route
 * channels to them; a supervisor sees the teams they lead and changes their members only.
 */
export function TeamsManager({ isAdmin }: { isAdmin: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const directory = useQuery(trpc.conversations.directory.queryOptions());
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.teams.list.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.conversations.directory.queryKey() })]);
  const [name, setName] = useState('');
  const create = useMutation(trpc.teams.create.mutationOptions({ onSuccess: () => { setName(''); void refresh(); } }));
  const people = directory.data?.users ?? [];

  function submit(e: FormEvent) {
    e.preventDefault();
    if (name.trim()) create.mutate({ name, visibility: 'shared', roundRobin: false, memberIds: [], supervisorIds: [] });
  }

  return (
    <section className="mx-auto max-w-4xl space-y-4 p-3 sm:p-6">
      <h1 className="text-lg font-semibold">{t('teams.title')}</h1>
      <p className="text-sm text-slate-600">{t(isAdmin ? 'teams.intro' : 'teams.introLead')}</p>
      {isAdmin && (
        <form onSubmit={submit} className="flex gap-2">
          <input aria-label={t('teams.name')} placeholder={t('teams.new')} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} className="flex-1 rounded border border-slate-300 px-3 py-1.5 text-sm" />
          <button type="submit" disabled={!name.trim() || create.isPending} className="rounded bg-indigo-600 px-4 py-1.5 text-sm text-white disabled:opacity-50">
            {t('teams.create')}
          </button>
          {create.error && <span role="alert" className="self-center text-xs text-red-700">{errorText(t, create.error)}</span>}
        </form>
      )}
      {teams.data?.length === 0 && <p className="text-sm text-slate-500">{t('teams.empty')}</p>}
      {teams.data?.map((team) => <TeamCard key={team.id} team={team} people={people} isAdmin={isAdmin} onChanged={refresh} />)}
      {isAdmin && <Routing teams={teams.data ?? []} />}
    </section>
  );
}

function TeamCard({ team, people, isAdmin, onChanged }: { team: ApiTeam; people: Person[]; isAdmin: boolean; onChanged: () => unknown }) {
  const t = useT();
  const trpc = useTRPC();
  const [draft, setDraft] = useState(team);
  useEffect(() => setDraft(team), [team]);
  const save = useMutation(trpc.teams.update.mutationOptions({ onSuccess: () => void onChanged() }));
  const remove = useMutation(trpc.teams.delete.mutationOptions({ onSuccess: () => void onChanged() }));
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));
  const agents = people.filter((p) => p.role !== 'admin');
  const supervisors = people.filter((p) => p.role === 'supervisor');

  return (
    <form
      data-testid="team-card"
      className="space-y-3 rounded border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        const { name, visibility, roundRobin, memberIds, supervisorIds } = draft;
        save.mutate({ teamId: team.id, change: isAdmin ? { name, visibility, roundRobin, memberIds, supervisorIds } : { memberIds } });
      }}
    >
      <div className="flex flex-wrap items-center gap-3">
        <input aria-label={t('teams.name')} required maxLength={80} disabled={!isAdmin} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} className="w-64 rounded border border-slate-300 px-2 py-1 text-sm font-medium disabled:border-transparent" />
        <select aria-label={t('teams.visibility')} disabled={!isAdmin} value={draft.visibility} onChange={(e) => setDraft({ ...draft, visibility: e.target.value as ApiTeam['visibility'] })} className="rounded border border-slate-300 px-2 py-1 text-sm">
          {TEAM_VISIBILITIES.map((v) => (
            <option key={v} value={v}>
              {t(`teams.visibility.${v}`)}
            </option>
          ))}
        </select>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" disabled={!isAdmin} checked={draft.roundRobin} onChange={(e) => setDraft({ ...draft, roundRobin: e.target.checked })} />
        {t('teams.roundRobin')}
      </label>
      <People title={t('teams.members')} people={agents} chosen={draft.memberIds} onToggle={(id, on) => setDraft({ ...draft, memberIds: toggle(draft.memberIds, id, on) })} />
      {isAdmin &&
        (supervisors.length > 0 ? (
          <People title={t('teams.supervisors')} people={supervisors} chosen={draft.supervisorIds} onToggle={(id, on) => setDraft({ ...draft, supervisorIds: toggle(draft.supervisorIds, id, on) })} />
        ) : (
          <p className="text-xs text-slate-500">{t('teams.noSupervisors')}</p>
        ))}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={save.isPending} className="rounded bg-indigo-600 px-3 py-1 text-sm text-white disabled:opacity-50">
          {t('teams.save')}
        </button>
        {isAdmin && (
          <button type="button" onClick={() => window.confirm(t('teams.deleteConfirm', { name: team.name })) && remove.mutate({ teamId: team.id })} className="rounded px-2 py-1 text-xs text-red-700 hover:bg-red-50">
            {t('teams.delete')}
          </button>
        )}
        {save.isSuccess && <span role="status" className="text-xs text-emerald-700">{t('teams.saved')}</span>}
        {(save.error ?? remove.error) && <span role="alert" className="text-xs text-red-700">{(save.error ?? remove.error)!.message}</span>}
      </div>
    </form>
  );
}

function People({ title, people, chosen, onToggle }: { title: string; people: Person[]; chosen: string[]; onToggle: (id: string, on: boolean) => void }) {
  return (
    <fieldset className="text-sm">
      <legend className="mb-1 text-xs font-semibold uppercase text-slate-500">{title}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {people.map((p) => (
          <label key={p.id} className="flex items-center gap-1.5">
            <input type="checkbox" checked={chosen.includes(p.id)} onChange={(e) => onToggle(p.id, e.target.checked)} />
            {p.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Which team each channel's new conversations belong to. */
function Routing({ teams }: { teams: ApiTeam[] }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const routing = useQuery(trpc.teams.routing.queryOptions());
  const set = useMutation(trpc.teams.setChannelDefault.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.teams.routing.queryKey() }) }));
  return (
    <section className="space-y-2 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-sm font-semibold">{t('teams.routing')}</h2>
      <p className="text-xs text-slate-600">{t('teams.routingIntro')}</p>
      <ul className="divide-y divide-slate-100 text-sm">
        {routing.data?.map((c) => (
          <li key={c.channelId} className="flex items-center justify-between gap-3 py-1.5">
            <span>
              {c.name} <span className="text-xs text-slate-500">{t(`channel.${c.kind}` as MessageKey)}</span>
            </span>
            <select aria-label={c.name} value={c.defaultTeamId ?? ''} onChange={(e) => set.mutate({ channelId: c.channelId, teamId: e.target.value || null })} className="rounded border border-slate-300 px-2 py-1 text-sm">
              <option value="">{t('teams.routing.none')}</option>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
      {set.error && <span role="alert" className="text-xs text-red-700">{errorText(t, set.error)}</span>}
    </section>
  );
}
