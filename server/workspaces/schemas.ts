import { z } from 'zod';
import { EmailInput, LocaleInput, NewPassword, PersonName, TimeZoneInput } from '@/server/users/schemas';

/** A new workspace and its first admin: the first run's form (`/setup`), `npm run setup` and `npm run workspace:create`. */
export const NewWorkspaceInput = z.object({
  workspace: z.string().trim().min(1, 'required').max(100, 'at most 100 characters'),
  timeZone: TimeZoneInput,
  language: LocaleInput,
  name: PersonName,
  email: EmailInput,
  password: NewPassword,
});
export type NewWorkspaceInput = z.infer<typeof NewWorkspaceInput>;
