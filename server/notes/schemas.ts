import { z } from 'zod';

/** A note's own fields; its conversation comes with every conversation procedure's input. */
export const AddNoteInput = z.object({
  body: z.string().trim().min(1, 'write the note before saving it').max(4096, 'at most 4096 characters'),
  /** The people picked after "@" in the composer; each is notified. */
  mentionIds: z.array(z.uuid()).max(20, 'at most 20 mentions').default([]),
});

export type AddNoteInput = z.infer<typeof AddNoteInput>;
