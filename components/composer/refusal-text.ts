import type { Locale, MessageKey } from '@/i18n/messages';
import type { OutboundKind, Refusal } from '@/server/files/outbound-limits';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const MIB = 1024 * 1024;

/** A limit as SPEC §14 writes it ("5 MB", "16 MB"), in the reader's number format. */
export function limitSize(bytes: number, locale: Locale): string {
  if (bytes < MIB) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(bytes / 1024)} KB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / MIB)} MB`;
}

/** "JPEG, PNG", "OGG/Opus", "PDF, Office, TXT": the types a channel takes, as people name them. */
export function typeNames(types: readonly string[]): string {
  const name = (type: string) => {
    if (type.includes('opus')) return 'OGG/Opus';
    if (type === 'application/pdf') return 'PDF';
    if (/officedocument|msword|ms-excel|ms-powerpoint|x-cfb/.test(type)) return 'Office';
    if (type === 'text/plain') return 'TXT';
    if (type === 'audio/x-m4a' || type === 'audio/mp4') return 'M4A';
    return (type.split('/')[1] ?? type).toUpperCase();
  };
  return [...new Set(types.map(name))].join(', ');
}

/** Why a file may not go on this channel, in the reader's language, with the limit. */
export function refusalText(t: Translate, locale: Locale, channelKind: string, refusal: Refusal, file: { size: number; kind: OutboundKind }): string {
  const channel = t(`channel.${channelKind}` as MessageKey);
  const kind = t(`composer.fileKind.${file.kind}`);
  switch (refusal.code) {
    case 'KIND_NOT_ACCEPTED':
      return t('composer.refusal.KIND_NOT_ACCEPTED', { channel, kind, accepted: (refusal.accepted ?? []).map((k) => t(`composer.fileKind.${k as OutboundKind}`)).join(', ') || '—' });
    case 'TYPE_NOT_ACCEPTED':
      return t('composer.refusal.TYPE_NOT_ACCEPTED', { channel, kind, accepted: typeNames(refusal.accepted ?? []) });
    case 'TOO_LARGE':
      return t('composer.refusal.TOO_LARGE', { channel, kind, limit: limitSize(refusal.limit ?? 0, locale), size: limitSize(file.size, locale) });
    case 'MESSAGE_TOO_LARGE':
      return t('composer.refusal.MESSAGE_TOO_LARGE', { channel, limit: limitSize(refusal.limit ?? 0, locale) });
    case 'TOO_MANY_FILES':
      return t('composer.refusal.TOO_MANY_FILES', { limit: refusal.limit ?? 0 });
  }
}
