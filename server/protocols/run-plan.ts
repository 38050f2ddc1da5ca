import type { breaches, deadlines, protocolRuns, protocols } from '@/db/schema';
import type { NewJob } from '@/server/scheduler/queue';
import { dueAt, type QuietHours } from './deadline';
import { evaluateStages } from './stages';

/*
 * The rows a protocol run starts with, as pure rules (SPEC §4): its deadlines, their jobs, and
 * what a sync of the run would find at once. `startRun` writes these for any conversation; ingest
 * plans a new contact's First contact with them and writes it together with the conversation,
 * so a run created a moment ago is never read back.
 */

export type StartingProtocol = Pick<typeof protocols.$inferSelect, 'id' | 'workspaceId' | 'name' | 'stages' | 'autoMessageMinutes'>;
/** The clock a run's business deadlines are read on: the assignee's zone, or the workspace's while unassigned. */
export type RunClock = { zone: string; quiet: QuietHours };

/** How long before a deadline its agent is told it is close (the realtime issue: 15 minutes). */
export const WARN_BEFORE_MS = 15 * 60_000;

/** A deadline's two moments: the warning to its agent, and the breach check when it falls due. */
export const deadlineJobs = (d: { id: string; dueAt: Date }): NewJob[] => [
  { kind: 'deadline.warn', runAt: new Date(d.dueAt.getTime() - WARN_BEFORE_MS), payload: { deadlineId: d.id } },
  { kind: 'deadline.due', runAt: d.dueAt, payload: { deadlineId: d.id } },
];

/** The automatic message a protocol sends if no person has written by then. */
export const autoMessageJobs = (protocol: StartingProtocol, runId: string, startedAt: Date): NewJob[] =>
  protocol.autoMessageMinutes
    ? [{ kind: 'protocol.auto_message', runAt: new Date(startedAt.getTime() + protocol.autoMessageMinutes * 60_000), payload: { runId } }]
    : [];

/** One pending deadline per stage, due on the stage's clock from the run's start. */
export function deadlineValues(protocol: StartingProtocol, run: { id: string; conversationId: string; startedAt: Date }, clock: RunClock) {
  return protocol.stages.map((stage, stageIndex) => ({
    workspaceId: protocol.workspaceId,
    runId: run.id,
    conversationId: run.conversationId,
    stageIndex,
    protocolName: protocol.name,
    stageName: stage.name,
    clock: stage.clock,
    enforcement: stage.enforcement,
    zone: clock.zone,
    startedAt: run.startedAt,
    dueAt: dueAt(run.startedAt, stage.offsetMinutes, stage.clock, clock.zone, clock.quiet),
  }));
}

export type RunPlan = {
  run: typeof protocolRuns.$inferInsert & { id: string };
  deadlines: (typeof deadlines.$inferInsert & { id: string })[];
  jobs: NewJob[];
  breaches: (typeof breaches.$inferInsert & { id: string })[];
  /** The breaches as escalation reads them. */
  newBreaches: { id: string; agentId: null; workspaceId: string; conversationId: string; stageName: string; occurredAt: Date }[];
};

/**
 * A run started on a conversation nobody has answered yet and nobody is assigned (a new
 * contact's first message): what `startRun` then `syncRun` would write. No person has written
 * since the start, so a stage is pending, or breached when its deadline already passed (a late
 * webhook), against no one. `newId` names each row, so they can be written in one statement.
 */
export function planNewRun(protocol: StartingProtocol, at: { conversationId: string; startedAt: Date; now: Date }, clock: RunClock, newId: () => string): RunPlan {
  const run = { id: newId(), workspaceId: protocol.workspaceId, protocolId: protocol.id, conversationId: at.conversationId, startedAt: at.startedAt };
  const values = deadlineValues(protocol, run, clock);
  const outcomes = evaluateStages({ dues: values.map((d) => d.dueAt), personMessages: [], startedAt: at.startedAt, stoppedAt: null, now: at.now });
  const rows = values.map((d, i) => ({ ...d, id: newId(), status: outcomes[i]!.status }));
  const breached = rows.filter((d) => d.status === 'breached' && d.enforcement === 'required');
  const breachRows = breached.map((d) => ({ id: newId(), workspaceId: d.workspaceId, deadlineId: d.id, conversationId: d.conversationId, agentId: null, occurredAt: d.dueAt }));
  return {
    run,
    deadlines: rows,
    jobs: [...rows.flatMap(deadlineJobs), ...autoMessageJobs(protocol, run.id, at.startedAt)],
    breaches: breachRows,
    newBreaches: breachRows.map((b, i) => ({ id: b.id, agentId: null, workspaceId: b.workspaceId, conversationId: b.conversationId, stageName: breached[i]!.stageName, occurredAt: b.occurredAt })),
  };
}

/** The conversation's most urgent open deadline among these (pending, or breached with no reply yet), as `refreshNextDue` finds it. */
export const nextDueOf = (rows: { status?: string; dueAt: Date }[]): Date | null =>
  rows.filter((d) => d.status === 'pending' || d.status === 'breached').reduce<Date | null>((min, d) => (min && min <= d.dueAt ? min : d.dueAt), null);
