/**
 * A7: notification wording, in the agent's console language (the server formats it: a closed tab
 * has no catalogue to do it). Keep in step with the console's en/tr tone.
 */
type TLocale = 'en' | 'tr';

const TEXTS = {
  en: {
    chatRequest: 'New chat request',
    chatRequestBody: (channel: string) => `A visitor on ${channel} is waiting`,
    mention: (name: string) => `${name} mentioned you`,
    mentionBody: 'Open the chat to read the note',
    reminder: 'Reminder',
    reminderBody: 'A reminder is due',
    teamMessage: (name: string) => `Team message from ${name}`,
    teamMessageBody: 'Open Team chats to read it',
  },
  tr: {
    chatRequest: 'Yeni sohbet isteği',
    chatRequestBody: (channel: string) => `${channel} kanalında bir ziyaretçi bekliyor`,
    mention: (name: string) => `${name} sizden bahsetti`,
    mentionBody: 'Notu okumak için sohbeti açın',
    reminder: 'Hatırlatıcı',
    reminderBody: 'Bir hatırlatıcının zamanı geldi',
    teamMessage: (name: string) => `${name} adlı ekip arkadaşınızdan mesaj`,
    teamMessageBody: 'Okumak için Ekip sohbetleri bölümünü açın',
  },
} as const;

export function textsFor(locale: string) {
  return TEXTS[(locale in TEXTS ? locale : 'en') as TLocale];
}

/** How much of a message a preview shows. */
export const PREVIEW_MAX = 80;

export function previewOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_MAX ? `${flat.slice(0, PREVIEW_MAX - 1)}…` : flat;
}
