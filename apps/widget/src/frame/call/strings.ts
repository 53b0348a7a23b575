import { callTables } from '../../i18n/call';

/** The call's own strings (H1), in the call chunk so the widget's first load does not carry them. */
const en = {
  region: 'Call',
  calling: 'Calling…',
  connecting: 'Connecting the call…',
  reconnecting: 'Reconnecting…',
  inCall: 'In a call with {name}',
  inCallAnonymous: 'In a call',
  duration: 'Call duration',
  mute: 'Mute',
  unmute: 'Unmute',
  hangUp: 'Hang up',
  cancel: 'Cancel call',
  ended: 'The call has ended ({time}).',
  missed: 'No one could answer the call. Leave us a message and we will get back to you.',
  declined: 'Our team cannot take a call right now. Write to us instead.',
  failed: 'The call could not connect.',
  noAgents: 'No one can take a call right now. Leave us a message instead.',
  micDenied: 'Allow microphone access to call us.',
  noMic: 'No microphone was found.',
  error: 'The call could not start. Please try again.',
  dismiss: 'Dismiss',
};
export type CallKey = keyof typeof en;

const tr: Record<CallKey, string> = {
  region: 'Arama',
  calling: 'Aranıyor…',
  connecting: 'Arama bağlanıyor…',
  reconnecting: 'Yeniden bağlanıyor…',
  inCall: '{name} ile görüşmedesiniz',
  inCallAnonymous: 'Görüşmedesiniz',
  duration: 'Görüşme süresi',
  mute: 'Sesi kapat',
  unmute: 'Sesi aç',
  hangUp: 'Aramayı bitir',
  cancel: 'Aramayı iptal et',
  ended: 'Arama sona erdi ({time}).',
  missed: 'Aramanızı kimse yanıtlayamadı. Bize bir mesaj bırakın, size dönelim.',
  declined: 'Ekibimiz şu anda arama alamıyor. Bunun yerine bize yazın.',
  failed: 'Arama bağlanamadı.',
  noAgents: 'Şu anda kimse arama alamıyor. Bunun yerine bize bir mesaj bırakın.',
  micDenied: 'Bizi aramak için mikrofon erişimine izin verin.',
  noMic: 'Mikrofon bulunamadı.',
  error: 'Arama başlatılamadı. Lütfen tekrar deneyin.',
  dismiss: 'Kapat',
};

export const callStrings = { en, tr } as const;

export function callTranslator(locale: string) {
  const table = locale.toLowerCase().startsWith('tr') ? tr : (callTables[locale] ?? en);
  return (key: CallKey, params?: Record<string, string>) =>
    table[key].replace(/\{(\w+)\}/g, (_, p: string) => params?.[p] ?? '');
}
