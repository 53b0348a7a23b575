import type { ReactNode } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { useLocale } from '../../../i18n/intl-provider';
import { SUPPORTED_LOCALES, type TLocale } from '../../../lib/locale';

export const languageNames: Record<TLocale, string> = { en: 'English', tr: 'Türkçe' };

const messages = defineMessages({
  language: { id: 'auth.language', defaultMessage: 'Language' },
});

/** The frame of the pages seen before login: brand, a language picker and one centred card. */
export function AuthLayout({
  title,
  subtitle,
  children,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  const intl = useIntl();
  const { locale, setLocaleOverride } = useLocale();
  return (
    <div className="auth">
      <div className="auth-top">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Parley
        </span>
        <label className="auth-language">
          <span className="visually-hidden">{intl.formatMessage(messages.language)}</span>
          <select value={locale} onChange={(event) => setLocaleOverride(event.target.value as TLocale)}>
            {SUPPORTED_LOCALES.map((code) => (
              <option key={code} value={code} lang={code}>
                {languageNames[code]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <main className="auth-card">
        <h1>{title}</h1>
        {subtitle ? <p className="auth-subtitle">{subtitle}</p> : null}
        {children}
      </main>
    </div>
  );
}
