import type { MailMessage } from './mailer';

const TEXT = {
  en: {
    subject: 'Reset your Parley password',
    body: (link: string, minutes: number) =>
      `Someone (hopefully you) asked to reset the password of your Parley account.\n\nChoose a new password here (the link works once and expires in ${minutes} minutes):\n${link}\n\nIf you did not ask for this, ignore this mail: your password stays as it is.\n`,
    button: 'Choose a new password',
  },
  tr: {
    subject: 'Parley parolanızı sıfırlayın',
    body: (link: string, minutes: number) =>
      `Birisi (umarız siz) Parley hesabınızın parolasını sıfırlamak istedi.\n\nYeni parolanızı buradan belirleyin (bağlantı bir kez çalışır ve ${minutes} dakika içinde geçersiz olur):\n${link}\n\nBunu siz istemediyseniz bu e-postayı yok sayın: parolanız değişmez.\n`,
    button: 'Yeni parola belirle',
  },
} as const;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The "forgot password" mail in the user's language (en or tr), as text and HTML. */
export function passwordResetMail(to: string, locale: string, link: string, minutes: number): MailMessage {
  const t = locale === 'tr' ? TEXT.tr : TEXT.en;
  const text = t.body(link, minutes);
  const html = `<p>${text
    .trim()
    .split('\n\n')
    .map((p) =>
      escapeHtml(p).replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(t.button)}</a>`),
    )
    .join('</p><p>')}</p>`;
  return { to, subject: t.subject, text, html };
}

const SEVERAL = {
  en: {
    subject: 'Reset your Parley password',
    intro: (minutes: number) =>
      `Someone (hopefully you) asked to reset the password of your Parley account. This address belongs to several accounts on this server; each has its own password. Choose the account whose password you want to reset (each link works once and expires in ${minutes} minutes):`,
    outro: 'If you did not ask for this, ignore this mail: your passwords stay as they are.',
  },
  tr: {
    subject: 'Parley parolanızı sıfırlayın',
    intro: (minutes: number) =>
      `Birisi (umarız siz) Parley hesabınızın parolasını sıfırlamak istedi. Bu adres bu sunucudaki birkaç hesaba ait; her birinin kendi parolası var. Parolasını sıfırlamak istediğiniz hesabı seçin (her bağlantı bir kez çalışır ve ${minutes} dakika içinde geçersiz olur):`,
    outro: 'Bunu siz istemediyseniz bu e-postayı yok sayın: parolalarınız değişmez.',
  },
} as const;

/**
 * The "forgot password" mail of an address with users in several accounts: one link per account,
 * each resetting that account's user only (docs/security.md, "Several accounts, one address").
 */
export function passwordResetMailForAccounts(
  to: string,
  locale: string,
  links: { accountName: string; link: string }[],
  minutes: number,
): MailMessage {
  const t = locale === 'tr' ? SEVERAL.tr : SEVERAL.en;
  const text = `${t.intro(minutes)}\n\n${links.map((l) => `${l.accountName}: ${l.link}`).join('\n')}\n\n${t.outro}\n`;
  const html = `<p>${escapeHtml(t.intro(minutes))}</p><ul>${links
    .map((l) => `<li><a href="${escapeHtml(l.link)}">${escapeHtml(l.accountName)}</a></li>`)
    .join('')}</ul><p>${escapeHtml(t.outro)}</p>`;
  return { to, subject: t.subject, text, html };
}
