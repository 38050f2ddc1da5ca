'use client';
import type { MessageKey } from '@/i18n/messages';
import { useT } from '../i18n';
import { Avatars } from '../ui/avatars';
import { useTypists, useViewers } from './presence-store';
import { useRealtime } from './realtime-provider';

/** Colleagues who have this conversation open (never me). */
export function Viewers({ conversationId, size = 'sm' }: { conversationId: string; size?: 'xs' | 'sm' }) {
  const t = useT();
  const { presence, userId } = useRealtime();
  const viewers = useViewers(presence, conversationId).filter((p) => p.id !== userId);
  return <Avatars people={viewers} size={size} label={t('presence.viewing', { names: viewers.map((p) => p.name).join(', ') })} testId="viewers" />;
}

/** "Ana is replying…": someone else is writing in this conversation now. */
export function TypingIndicator({ conversationId, className = '' }: { conversationId: string; className?: string }) {
  const t = useT();
  const { presence, userId } = useRealtime();
  const typists = useTypists(presence, conversationId).filter((p) => p.id !== userId);
  if (typists.length === 0) return null;
  return (
    <span role="status" data-testid="typing" className={`italic text-indigo-700 ${className}`}>
      {typists.map((p) => t(`typing.${p.mode}` as MessageKey, { name: p.name })).join(' · ')}
    </span>
  );
}
