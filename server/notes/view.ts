import type { Person } from '@/server/users/view';

/** An internal note as the thread shows it. */
export type NoteView = {
  id: string;
  conversationId: string;
  author: Person | null;
  body: string;
  mentions: Person[];
  createdAt: string;
};
