/**
 * The widget's strings (G5). A plain table instead of an i18n library keeps the bundle small; the
 * parity test makes sure every locale has every key. `{name}` placeholders are filled by `t`.
 */
const en = {
  title: 'Chat with us',
  greeting: 'Hi there! Ask us anything, we are happy to help.',
  online: 'We are online',
  away: 'We are away',
  close: 'Close chat',
  composerLabel: 'Your message',
  composerPlaceholder: 'Write a message…',
  send: 'Send',
  emoji: 'Insert emoji',
  emojiSearch: 'Search emoji',
  emojiNone: 'No emoji found',
  emojiFailed: 'Could not load emoji.',
  emojiGroup0: 'Smileys and emotion',
  emojiGroup1: 'People and body',
  emojiGroup3: 'Animals and nature',
  emojiGroup4: 'Food and drink',
  emojiGroup5: 'Travel and places',
  emojiGroup6: 'Activities',
  emojiGroup7: 'Objects',
  emojiGroup8: 'Symbols',
  emojiGroup9: 'Flags',
  sending: 'Sending…',
  notSent: 'Not sent.',
  retry: 'Retry',
  discard: 'Discard',
  read: 'Read',
  typing: '{name} is typing…',
  you: 'You',
  joined: '{name} joined the chat',
  transferred: '{name} will continue this chat',
  left: '{name} left the chat',
  closed: 'The chat has ended',
  connecting: 'Connecting…',
  offlineNotice: 'No one is online right now. Leave a message and we will reply.',
  banned: 'Chat is unavailable.',
  loading: 'Loading…',
  loadFailed: 'Chat could not load. Retrying…',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  message: 'Message',
  optional: '(optional)',
  preChatIntro: 'Please tell us who you are before we start.',
  startChat: 'Start chat',
  offlineIntro: 'We are away right now. Leave a message and we will reply by email.',
  sendMessage: 'Send message',
  offlineThanks: 'We got your message and will reply to {email}.',
  required: 'This field is required',
  invalidEmail: 'Enter a valid email address',
  tooLong: 'This is too long',
  rateLimited: 'You are sending messages too fast. Please wait a moment.',
  genericError: 'Something went wrong. Please try again.',
  support: 'Support',
  loadEarlier: 'Load earlier messages',
  agentAvatar: 'Photo of {name}',
  pointer: '{name} is pointing here',
  attach: 'Attach a file',
  uploading: 'Uploading {name}',
  fileFailed: '{name} was not sent.',
  fileType: 'This type of file cannot be sent.',
  fileTooLarge: 'The file is too large.',
  dismiss: 'Dismiss',
  openImage: 'Open image {name}',
  closeImage: 'Close',
  download: 'Download',
  call: 'Call',
  callLine: 'Call, {time}',
  callMissed: 'Missed call',
  callDeclined: 'Declined call',
  callFailed: 'Call failed',
  endChat: 'End chat',
};

export type MessageKey = keyof typeof en;

const tr: Record<MessageKey, string> = {
  title: 'Bize yazın',
  greeting: 'Merhaba! Aklınıza takılan her şeyi sorabilirsiniz, yardımcı olmaktan memnuniyet duyarız.',
  online: 'Çevrimiçiyiz',
  away: 'Şu an uzaktayız',
  close: 'Sohbeti kapat',
  composerLabel: 'Mesajınız',
  composerPlaceholder: 'Bir mesaj yazın…',
  send: 'Gönder',
  emoji: 'Emoji ekle',
  emojiSearch: 'Emoji ara',
  emojiNone: 'Emoji bulunamadı',
  emojiFailed: 'Emojiler yüklenemedi.',
  emojiGroup0: 'Yüzler ve duygular',
  emojiGroup1: 'İnsanlar ve beden',
  emojiGroup3: 'Hayvanlar ve doğa',
  emojiGroup4: 'Yiyecek ve içecek',
  emojiGroup5: 'Seyahat ve yerler',
  emojiGroup6: 'Etkinlikler',
  emojiGroup7: 'Nesneler',
  emojiGroup8: 'Semboller',
  emojiGroup9: 'Bayraklar',
  sending: 'Gönderiliyor…',
  notSent: 'Gönderilemedi.',
  retry: 'Tekrar dene',
  discard: 'Vazgeç',
  read: 'Okundu',
  typing: '{name} yazıyor…',
  you: 'Siz',
  joined: '{name} sohbete katıldı',
  transferred: 'Sohbete {name} devam edecek',
  left: '{name} sohbetten ayrıldı',
  closed: 'Sohbet sona erdi',
  connecting: 'Bağlanıyor…',
  offlineNotice: 'Şu anda çevrimiçi kimse yok. Mesajınızı bırakın, size yanıt verelim.',
  banned: 'Sohbet kullanılamıyor.',
  loading: 'Yükleniyor…',
  loadFailed: 'Sohbet yüklenemedi. Yeniden deneniyor…',
  name: 'Ad',
  email: 'E-posta',
  phone: 'Telefon',
  message: 'Mesaj',
  optional: '(isteğe bağlı)',
  preChatIntro: 'Başlamadan önce lütfen kendinizi tanıtın.',
  startChat: 'Sohbeti başlat',
  offlineIntro: 'Şu an uzaktayız. Mesajınızı bırakın, size e-postayla yanıt verelim.',
  sendMessage: 'Mesajı gönder',
  offlineThanks: 'Mesajınızı aldık; {email} adresine yanıt vereceğiz.',
  required: 'Bu alan zorunludur',
  invalidEmail: 'Geçerli bir e-posta adresi girin',
  tooLong: 'Bu çok uzun',
  rateLimited: 'Çok hızlı mesaj gönderiyorsunuz. Lütfen biraz bekleyin.',
  genericError: 'Bir şeyler ters gitti. Lütfen tekrar deneyin.',
  support: 'Destek',
  loadEarlier: 'Önceki mesajları yükle',
  agentAvatar: '{name} fotoğrafı',
  pointer: '{name} burayı gösteriyor',
  attach: 'Dosya ekle',
  uploading: '{name} yükleniyor',
  fileFailed: '{name} gönderilemedi.',
  fileType: 'Bu türde dosya gönderilemez.',
  fileTooLarge: 'Dosya çok büyük.',
  dismiss: 'Kapat',
  openImage: '{name} resmini aç',
  closeImage: 'Kapat',
  download: 'İndir',
  call: 'Ara',
  callLine: 'Arama, {time}',
  callMissed: 'Cevapsız arama',
  callDeclined: 'Reddedilen arama',
  callFailed: 'Arama başarısız',
  endChat: 'Sohbeti bitir',
};

export const catalogues = { en, tr } as const;
export type Locale = keyof typeof catalogues;

export function pickLocale(languages: readonly string[]): Locale {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'tr' || base === 'en') return base;
  }
  return 'en';
}

export type Translate = (key: MessageKey, params?: Record<string, string>) => string;

/**
 * Text people wrote (names, messages) inside plain text of ours (the bubble by the launcher), between Unicode isolates (FSI…PDI, the plain-text `<bdi>`), so right-to-left text
 * in it cannot reorder what follows. In the frame's DOM, `Sentence` (frame/sentence.tsx) uses `<bdi>`.
 */
export const isolate = (text: string) => `\u2068${text}\u2069`;

export function createTranslator(locale: Locale): Translate {
  const table = catalogues[locale];
  return (key, params) => table[key].replace(/\{(\w+)\}/g, (_, p: string) => params?.[p] ?? '');
}
