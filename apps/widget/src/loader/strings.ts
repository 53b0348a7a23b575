/** The loader's few strings (its own table: it must stay tiny and cannot load the frame's). */
export const loaderStrings = {
  en: { open: 'Open chat', close: 'Close chat', frame: 'Chat', dismiss: 'Dismiss' },
  tr: { open: 'Sohbeti aç', close: 'Sohbeti kapat', frame: 'Sohbet', dismiss: 'Kapat' },
} as const;
