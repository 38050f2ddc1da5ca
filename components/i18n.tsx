'use client';
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { translate, type Locale, type MessageKey } from '@/i18n/messages';

const LocaleContext = createContext<Locale>('es');

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export const useLocale = () => useContext(LocaleContext);

export function useT() {
  const locale = useLocale();
  return useCallback(
    (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars),
    [locale],
  );
}
