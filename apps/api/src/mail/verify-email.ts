import type { MailMessage } from './mailer';

const TEXT = {
  en: {
    subject: 'Confirm your email address for Parley',
    body: (accountName: string, link: string, hours: number) =>
      `Someone (hopefully you) created the Parley account “${accountName}” with this email address.\n\nConfirm the address here to start using it (the link works once and expires in ${hours} hours):\n${link}\n\nIf this was not you, ignore this mail: the account stays unusable and nobody can sign in to it.\n`,
    button: 'Confirm my email address',
  },
  tr: {
    subject: 'Parley için e-posta adresinizi doğrulayın',
    body: (accountName: string, link: string, hours: number) =>
      `Birisi (umarız siz) bu e-posta adresiyle “${accountName}” adlı Parley hesabını oluşturdu.\n\nKullanmaya başlamak için adresinizi buradan doğrulayın (bağlantı bir kez çalışır ve ${hours} saat içinde geçersiz olur):\n${link}\n\nBu siz değilseniz bu e-postayı yok sayın: hesap kullanılamaz kalır ve kimse oturum açamaz.\n`,
    button: 'E-posta adresimi doğrula',
  },
} as const;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The sign-up confirmation mail in the user's language (en or tr), as text and HTML. */
export function verifyEmailMail(
  to: string,
  locale: string,
  accountName: string,
  link: string,
  hours: number,
): MailMessage {
  const t = locale === 'tr' ? TEXT.tr : TEXT.en;
  const text = t.body(accountName, link, hours);
  const html = `<p>${text
    .trim()
    .split('\n\n')
    .map((p) =>
      escapeHtml(p).replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(t.button)}</a>`),
    )
    .join('</p><p>')}</p>`;
  return { to, subject: t.subject, text, html };
}
