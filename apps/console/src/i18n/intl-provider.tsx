import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { IntlProvider } from 'react-intl';
import { DEFAULT_LOCALE, getBrowserLanguages, resolveLocale, type TLocale } from '../lib/locale';
import { trpc } from '../lib/trpc';
import { catalogues } from './catalogues';

type TLocaleContext = {
  locale: TLocale;
  /** A language picked on a public page (login, setup, invite) before anyone is logged in. */
  setLocaleOverride: (locale: TLocale | null) => void;
};

const LocaleContext = createContext<TLocaleContext>({ locale: DEFAULT_LOCALE, setLocaleOverride: () => {} });

export function useLocale() {
  return useContext(LocaleContext);
}

export function AppIntlProvider({ children }: { children: ReactNode }) {
  const me = trpc.auth.me.useQuery(undefined, { staleTime: Number.POSITIVE_INFINITY });
  const [override, setLocaleOverride] = useState<TLocale | null>(null);
  const userLocale = me.data?.locale ?? null;
  // Once logged in, the saved preference is what counts; the public-page choice was only for that page.
  useEffect(() => {
    if (userLocale) setLocaleOverride(null);
  }, [userLocale]);
  const locale = resolveLocale({ override, userLocale, browserLanguages: getBrowserLanguages() });
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(() => ({ locale, setLocaleOverride }), [locale]);
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={locale} defaultLocale={DEFAULT_LOCALE} messages={catalogues[locale]}>
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}
