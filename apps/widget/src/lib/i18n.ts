import { formatMessage, type Values } from '../i18n/format';

/**
 * The widget's strings (G5). English is inline, the fallback for every key; each other language is
 * its own chunk under src/i18n/ (loaded on demand, so a language costs only its visitors' bytes).
 * Messages are ICU MessageFormat (`{name}`, `{count, plural, one {…} other {…}}`, src/i18n/format.ts);
 * src/i18n/catalogues.test.ts fails on a missing key, a syntax error or an unknown placeholder.
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
  chatUnavailable: 'Chat is not available right now. Please try again later.',
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
  openChat: 'Open chat',
  frameTitle: 'Chat',
  unreadLabel: 'Open chat, {count, plural, one {# unread message} other {# unread messages}}',
};

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
export const english: Messages = en;

export {
  chooseLocale,
  isRtl,
  LOCALES,
  type Locale,
  loadMessages,
  pickLocale,
} from '../i18n/locales';

export type Translate = (key: MessageKey, params?: Values) => string;

/**
 * Text people wrote (names, messages) inside plain text of ours (the bubble by the launcher), between Unicode isolates (FSI…PDI, the plain-text `<bdi>`), so right-to-left text
 * in it cannot reorder what follows. In the frame's DOM, `Sentence` (frame/sentence.tsx) uses `<bdi>`.
 */
export const isolate = (text: string) => `\u2068${text}\u2069`;

/** `messages`: the language's loaded table (loadMessages); without it, or for a key it lacks, English. */
export function createTranslator(locale: string, messages?: Partial<Messages>): Translate {
  return (key, params) => {
    const own = messages?.[key];
    if (own !== undefined) {
      try {
        return formatMessage(own, params, locale);
      } catch {
        // A broken translation never breaks the widget; the catalogue test keeps this from shipping.
      }
    }
    return formatMessage(en[key], params, 'en');
  };
}
