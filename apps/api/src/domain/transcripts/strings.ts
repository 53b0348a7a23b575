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

// The widget's other languages (G5), in the same register as its own strings (apps/widget/src/i18n).
const de: typeof en = {
  subject: 'Ihr Chat mit {site}',
  heading: 'Verlauf Ihres Chats mit {site}',
  started: 'Begonnen am {date}',
  you: 'Sie',
  agent: 'Mitarbeiter',
  system: 'Hinweis',
  attachment: 'Anhang',
  linksExpire: 'Die Links zu den Dateien funktionieren bis {date}.',
  footer:
    'Sie haben diesen Verlauf im Chatfenster angefordert. Falls nicht, können Sie diese E-Mail ignorieren.',
};
const fr: typeof en = {
  subject: 'Votre conversation avec {site}',
  heading: 'Transcription de votre conversation avec {site}',
  started: 'Commencée le {date}',
  you: 'Vous',
  agent: 'Conseiller',
  system: 'Information',
  attachment: 'Pièce jointe',
  linksExpire: 'Les liens vers les fichiers fonctionnent jusqu’au {date}.',
  footer:
    'Vous avez demandé cette transcription dans la fenêtre de chat. Si ce n’est pas le cas, vous pouvez ignorer cet e-mail.',
};
const es: typeof en = {
  subject: 'Tu chat con {site}',
  heading: 'Transcripción de tu chat con {site}',
  started: 'Iniciado el {date}',
  you: 'Tú',
  agent: 'Agente',
  system: 'Aviso',
  attachment: 'Adjunto',
  linksExpire: 'Los enlaces a los archivos funcionan hasta el {date}.',
  footer: 'Pediste esta transcripción en la ventana del chat. Si no fuiste tú, puedes ignorar este correo.',
};
const it: typeof en = {
  subject: 'La tua chat con {site}',
  heading: 'Trascrizione della tua chat con {site}',
  started: 'Iniziata il {date}',
  you: 'Tu',
  agent: 'Operatore',
  system: 'Avviso',
  attachment: 'Allegato',
  linksExpire: 'I link ai file funzionano fino al {date}.',
  footer:
    'Hai richiesto questa trascrizione nella finestra della chat. Se non sei stato tu, puoi ignorare questa email.',
};
const ptBR: typeof en = {
  subject: 'Sua conversa com {site}',
  heading: 'Transcrição da sua conversa com {site}',
  started: 'Iniciada em {date}',
  you: 'Você',
  agent: 'Atendente',
  system: 'Aviso',
  attachment: 'Anexo',
  linksExpire: 'Os links dos arquivos funcionam até {date}.',
  footer: 'Você pediu esta transcrição na janela do chat. Se não foi você, pode ignorar este e-mail.',
};
const nl: typeof en = {
  subject: 'Je chat met {site}',
  heading: 'Verslag van je chat met {site}',
  started: 'Gestart op {date}',
  you: 'Jij',
  agent: 'Medewerker',
  system: 'Melding',
  attachment: 'Bijlage',
  linksExpire: 'De links naar de bestanden werken tot {date}.',
  footer:
    'Je hebt dit verslag in het chatvenster aangevraagd. Heb je dat niet gedaan, dan kun je deze e-mail negeren.',
};
const pl: typeof en = {
  subject: 'Twój czat z {site}',
  heading: 'Zapis Twojego czatu z {site}',
  started: 'Rozpoczęto {date}',
  you: 'Ty',
  agent: 'Konsultant',
  system: 'Informacja',
  attachment: 'Załącznik',
  linksExpire: 'Linki do plików działają do {date}.',
  footer: 'Zapis tej rozmowy został zamówiony w oknie czatu. Jeśli to nie Ty, zignoruj tę wiadomość.',
};
const ru: typeof en = {
  subject: 'Ваш чат с {site}',
  heading: 'Запись вашего чата с {site}',
  started: 'Начат {date}',
  you: 'Вы',
  agent: 'Оператор',
  system: 'Уведомление',
  attachment: 'Вложение',
  linksExpire: 'Ссылки на файлы действуют до {date}.',
  footer: 'Вы запросили эту запись в окне чата. Если это были не вы, просто проигнорируйте это письмо.',
};
const uk: typeof en = {
  subject: 'Ваш чат із {site}',
  heading: 'Запис вашого чату з {site}',
  started: 'Розпочато {date}',
  you: 'Ви',
  agent: 'Оператор',
  system: 'Повідомлення',
  attachment: 'Вкладення',
  linksExpire: 'Посилання на файли дійсні до {date}.',
  footer: 'Ви запросили цей запис у вікні чату. Якщо це були не ви, просто проігноруйте цей лист.',
};
const ar: typeof en = {
  subject: 'محادثتك مع {site}',
  heading: 'نص محادثتك مع {site}',
  started: 'بدأت في {date}',
  you: 'أنت',
  agent: 'موظف الدعم',
  system: 'تنبيه',
  attachment: 'مرفق',
  linksExpire: 'تعمل روابط الملفات حتى {date}.',
  footer: 'طلبت نص هذه المحادثة من نافذة الدردشة. إن لم تكن أنت من طلبه، يمكنك تجاهل هذه الرسالة.',
};
const ja: typeof en = {
  subject: '{site}とのチャット',
  heading: '{site}とのチャットの記録',
  started: '開始: {date}',
  you: 'あなた',
  agent: '担当者',
  system: 'お知らせ',
  attachment: '添付ファイル',
  linksExpire: 'ファイルのリンクは{date}まで有効です。',
  footer:
    'このチャット記録はチャット画面からご依頼いただいたものです。お心当たりがない場合は、このメールを破棄してください。',
};

export const transcriptStrings = { en, tr, de, fr, es, it, 'pt-BR': ptBR, nl, pl, ru, uk, ar, ja } as const;
export type TranscriptLocale = keyof typeof transcriptStrings;
export type TranscriptKey = keyof typeof en;

/** The locale dates are written in: the widget language itself, with a region where it has none. */
export function transcriptDateLocale(locale: TranscriptLocale): string {
  return locale === 'tr' ? 'tr-TR' : locale === 'en' ? 'en-GB' : locale;
}

export function transcriptTranslator(locale: TranscriptLocale) {
  const table = transcriptStrings[locale];
  return (key: TranscriptKey, params: Record<string, string> = {}) =>
    table[key].replace(/\{(\w+)\}/g, (_, p: string) => params[p] ?? '');
}
