import { z } from 'zod';
import { STAGE_CLOCKS, STAGE_ENFORCEMENTS, TEMPLATE_STAGES } from '@/db/schema/values';

/*
 * Stage semantics (SPEC §4). A stage is met by the first message written by a person on our
 * side after the message that met the previous stage (after the start for the first stage, or
 * when the previous stage was breached without a message). A deadline passing unmet breaches
 * the stage; a later message marks it "met late" and the breach stands. A stop cancels what
 * is still pending. Recomputed from the facts each time, so it is the same on every process.
 */

export const StageSchema = z.object({
  name: z.string().trim().min(1, 'name the stage').max(80),
  goal: z.string().trim().max(300).default(''),
  offsetMinutes: z.number().int().min(1, 'at least one minute').max(60 * 24 * 60, 'at most 60 days'),
  clock: z.enum(STAGE_CLOCKS),
  enforcement: z.enum(STAGE_ENFORCEMENTS),
  templateStage: z.enum(TEMPLATE_STAGES),
});

export type Stage = z.infer<typeof StageSchema>;
export type StageStatus = 'pending' | 'met' | 'met_late' | 'breached' | 'cancelled';
export type StageOutcome = { status: StageStatus; metAt: Date | null; metByMessageId: string | null };

export function evaluateStages(args: {
  dues: Date[];
  /** Messages written by people on our side (not automations), oldest first. */
  personMessages: { id: string; at: Date }[];
  startedAt: Date;
  stoppedAt: Date | null;
  now: Date;
}): StageOutcome[] {
  const { dues, startedAt, stoppedAt, now } = args;
  const horizon = stoppedAt && stoppedAt < now ? stoppedAt : now;
  const messages = args.personMessages.filter((m) => m.at > startedAt && m.at <= horizon);
  let after = startedAt;
  return dues.map((due) => {
    const next = messages.find((m) => m.at > after);
    if (next && next.at <= due) {
      after = next.at;
      return { status: 'met', metAt: next.at, metByMessageId: next.id };
    }
    if (horizon >= due) {
      if (next) {
        after = next.at;
        return { status: 'met_late', metAt: next.at, metByMessageId: next.id };
      }
      return { status: 'breached', metAt: null, metByMessageId: null };
    }
    return { status: stoppedAt && stoppedAt <= now ? 'cancelled' : 'pending', metAt: null, metByMessageId: null };
  });
}
