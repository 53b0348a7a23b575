import { afterChatTables } from '../i18n/after-chat';

/**
 * G7: the rating and transcript panel's words. They ship in the panel's own chunk (loaded when a
 * chat ends), not in the first load; the parity test (after-chat.test.tsx) holds the tables equal.
 */
const en = {
  rateTitle: 'How was this chat?',
  good: 'Good',
  bad: 'Bad',
  stars: '{n} out of 5 stars',
  starsGroup: 'Rating',
  comment: 'Comment',
  optional: '(optional)',
  submitRating: 'Send rating',
  changeRating: 'Change rating',
  thanks: 'Thank you for your feedback!',
  chooseScore: 'Choose a rating first.',
  transcriptTitle: 'Email me the transcript',
  email: 'Email',
  sendTranscript: 'Send transcript',
  transcriptSent: 'We sent the transcript to {email}.',
  invalidEmail: 'Enter a valid email address',
  rateLimited: 'Too many requests. Please try again later.',
  tooLate: 'This chat can no longer be rated.',
  genericError: 'Something went wrong. Please try again.',
  loading: 'Loading…',
};
const tr: typeof en = {
  rateTitle: 'Bu sohbet nasıldı?',
  good: 'İyi',
  bad: 'Kötü',
  stars: '5 üzerinden {n} yıldız',
  starsGroup: 'Puan',
  comment: 'Yorum',
  optional: '(isteğe bağlı)',
  submitRating: 'Puanı gönder',
  changeRating: 'Puanı değiştir',
  thanks: 'Geri bildiriminiz için teşekkürler!',
  chooseScore: 'Önce bir puan seçin.',
  transcriptTitle: 'Sohbet dökümünü e-postayla gönder',
  email: 'E-posta',
  sendTranscript: 'Dökümü gönder',
  transcriptSent: 'Döküm {email} adresine gönderildi.',
  invalidEmail: 'Geçerli bir e-posta adresi girin',
  rateLimited: 'Çok fazla istek. Lütfen daha sonra tekrar deneyin.',
  tooLate: 'Bu sohbet artık puanlanamaz.',
  genericError: 'Bir şeyler ters gitti. Lütfen tekrar deneyin.',
  loading: 'Yükleniyor…',
};

export const afterChatStrings = { en, tr } as const;
export type AfterChatKey = keyof typeof en;
export type AfterChatT = (key: AfterChatKey, params?: Record<string, string>) => string;

export function afterChatTranslator(locale: string): AfterChatT {
  const table = locale === 'tr' ? tr : (afterChatTables[locale] ?? en);
  return (key, params) => table[key].replace(/\{(\w+)\}/g, (_, p: string) => params?.[p] ?? '');
}
