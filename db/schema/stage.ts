import { z } from 'zod';
import { STAGE_CLOCKS, STAGE_ENFORCEMENTS, TEMPLATE_STAGES } from './values';

/*
 * One stage of a protocol as `protocols.stages` stores it (SPEC §4). It lives beside the
 * table so the schema does not reach up into server/; the editor, the protocol settings and
 * the engine all read the same shape. Zod only: it also runs in the browser.
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
