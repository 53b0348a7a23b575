/** The transcript mail's words, in the widget's languages (G7). `{x}` placeholders. */
const en = {
  subject: 'Your chat with {site}',
  heading: 'Transcript of your chat with {site}',
  started: 'Started {date}',
  you: 'You',
  agent: 'Agent',
  system: 'Notice',
  attachment: 'Attachment',
  linksExpire: 'File links work until {date}.',
  footer: 'You asked for this transcript in the chat window. If you did not, you can ignore this mail.',
};
const tr: typeof en = {
  subject: '{site} ile sohbetiniz',
  heading: '{site} ile sohbetinizin dökümü',
  started: 'Başlangıç: {date}',
  you: 'Siz',
  agent: 'Temsilci',
  system: 'Bilgi',
  attachment: 'Ek',
  linksExpire: 'Dosya bağlantıları {date} tarihine kadar çalışır.',
  footer: 'Bu dökümü sohbet penceresinde istediniz. Siz istemediyseniz bu e-postayı yok sayabilirsiniz.',
};

export const transcriptStrings = { en, tr } as const;
export type TranscriptLocale = keyof typeof transcriptStrings;
export type TranscriptKey = keyof typeof en;

export function transcriptTranslator(locale: TranscriptLocale) {
  const table = transcriptStrings[locale];
  return (key: TranscriptKey, params: Record<string, string> = {}) =>
    table[key].replace(/\{(\w+)\}/g, (_, p: string) => params[p] ?? '');
}
