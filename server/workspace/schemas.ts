import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { WorkspaceSettings } from '@/db/schema/workspaces';
import { DEFAULT_ATTRIBUTION_WINDOW_HOURS, MAX_ATTRIBUTION_WINDOW_HOURS } from '@/server/attribution/policy';
import { DEFAULT_QUIET_HOURS } from '@/server/protocols/deadline';
import { DEFAULT_ESCALATION, EscalationRuleSchema } from '@/server/protocols/escalation';
import { DEFAULT_WECHAT_CAP } from '@/server/windows/policy';
import { DEFAULT_DAYTIME } from '@/server/windows/quiet-hours';

/*
 * The workspace's settings (SPEC §2–§5, §10, §14, §15), as the settings page, tRPC, REST v1 and
 * the OpenAPI document read and write them: each field validated once, here, with an error that
 * names it.
 */

/** SPEC §14: web chat and email accept attachments up to the workspace's cap, 25 MB unless set. */
export const DEFAULT_FILE_SIZE_CAP_MB = 25;

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM, from 00:00 to 23:59');

/** How long after a campaign or flow send a reply is credited to it (SPEC §10). */
export const AttributionWindowHours = z
  .number()
  .int('whole hours')
  .min(1, 'at least 1 hour')
  .max(MAX_ATTRIBUTION_WINDOW_HOURS, `at most ${MAX_ATTRIBUTION_WINDOW_HOURS} hours (30 days)`);

const fields = {
  name: z.string().trim().min(1, 'name the workspace').max(100, 'at most 100 characters'),
  timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'a time zone of the IANA database, like Europe/Madrid'),
  /** SPEC §4: hours the business clock does not run; over midnight when start is later than end. */
  businessQuietHours: z
    .object({ start: TimeOfDay, end: TimeOfDay })
    .refine((h) => h.start !== h.end, { message: 'start and end must differ', path: ['end'] }),
  /** SPEC §3: the contact's daytime, in their zone; a send outside it is flagged first. */
  recipientHours: z
    .object({ start: TimeOfDay, end: TimeOfDay })
    .refine((h) => h.start < h.end, { message: 'must be later than start (the day does not run over midnight)', path: ['end'] }),
  closeUnassigns: z.boolean(),
  escalation: z
    .array(EscalationRuleSchema)
    .min(1, 'at least one level')
    .max(9, 'at most 9 levels')
    .refine((rules) => new Set(rules.map((r) => r.level)).size === rules.length, 'each level once'),
  attributionWindowHours: AttributionWindowHours,
  wechatMessageCapDefault: z.number().int('a whole number').min(1, 'at least 1 message').max(20, 'at most 20 messages (the most WeChat ever allowed)'),
  viberPaidTermsAccepted: z.boolean(),
  fileSizeCapMb: z.number().int('whole megabytes').min(1, 'at least 1 MB').max(100, 'at most 100 MB'),
};

/** The workspace as it is, every setting with its value in force (a default when never set). */
export const ApiWorkspace = z.object({ id: z.uuid(), ...fields });
export type ApiWorkspace = z.infer<typeof ApiWorkspace>;

/** A change: only the fields sent change. */
export const WorkspacePatch = z
  .object(fields)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: `change at least one of ${Object.keys(fields).join(', ')}` });
export type WorkspacePatch = z.infer<typeof WorkspacePatch>;

export type WorkspaceFields = Omit<ApiWorkspace, 'id'>;

/** Every setting in force: what was set, else the default SPEC names. */
export function effectiveSettings(w: { name: string; timeZone: string; settings: WorkspaceSettings }): WorkspaceFields {
  const s = w.settings;
  return {
    name: w.name,
    timeZone: w.timeZone,
    businessQuietHours: s.businessQuietHours ?? DEFAULT_QUIET_HOURS,
    recipientHours: s.recipientHours ?? DEFAULT_DAYTIME,
    closeUnassigns: s.closeUnassigns ?? false,
    escalation: s.escalation ?? DEFAULT_ESCALATION,
    attributionWindowHours: s.attributionWindowHours ?? DEFAULT_ATTRIBUTION_WINDOW_HOURS,
    wechatMessageCapDefault: s.wechatMessageCapDefault ?? DEFAULT_WECHAT_CAP,
    viberPaidTermsAccepted: s.viberPaidTermsAccepted ?? false,
    fileSizeCapMb: s.fileSizeCapMb ?? DEFAULT_FILE_SIZE_CAP_MB,
  };
}
