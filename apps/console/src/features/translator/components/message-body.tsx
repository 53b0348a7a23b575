import '../translator.css';
import { useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { TChatMessage } from '../../../lib/chat-types';
import { languageName } from '../language-name';

const messages = defineMessages({
  translatedFrom: defineMessage<{ language: string }>({
    id: 'translator.translatedFrom',
    defaultMessage: 'Translated from {language}',
  }),
  showOriginal: { id: 'translator.showOriginal', defaultMessage: 'Show original' },
  hideOriginal: { id: 'translator.hideOriginal', defaultMessage: 'Hide original' },
  original: { id: 'translator.original', defaultMessage: 'Original' },
  sentAs: defineMessage<{ language: string }>({
    id: 'translator.sentAs',
    defaultMessage: 'Sent in {language}:',
  }),
  unavailableIn: {
    id: 'translator.unavailableIn',
    defaultMessage: 'Translation unavailable: shown as written.',
  },
  unavailableOut: {
    id: 'translator.unavailableOut',
    defaultMessage: 'Translation unavailable: sent as written.',
  },
});

/**
 * A message's text with its C7 translation: a visitor's message reads in the agents' language with
 * the original on demand; an agent's shows what the visitor received. A failed translation says so.
 */
export function MessageBody({ message }: { message: TChatMessage }) {
  const intl = useIntl();
  const [showOriginal, setShowOriginal] = useState(false);
  const t = message.translation;
  if (!t || t.status === 'same' || message.kind !== 'text') {
    return <p className="message-body">{message.body}</p>;
  }
  if (t.status === 'failed' || !t.text) {
    return (
      <>
        <p className="message-body">{message.body}</p>
        <p className="message-translation is-unavailable">
          <FormattedMessage
            {...(message.author === 'agent' ? messages.unavailableOut : messages.unavailableIn)}
          />
        </p>
      </>
    );
  }
  if (message.author === 'agent') {
    return (
      <>
        <p className="message-body">{message.body}</p>
        <p className="message-translation">
          {intl.formatMessage(messages.sentAs, { language: languageName(t.to, intl.locale) })}{' '}
          <span lang={t.to}>{t.text}</span>
        </p>
      </>
    );
  }
  return (
    <>
      <p className="message-body" lang={t.to}>
        {t.text}
      </p>
      <p className="message-translation">
        {intl.formatMessage(messages.translatedFrom, { language: languageName(t.from, intl.locale, 'from') })}{' '}
        ·{' '}
        <button
          type="button"
          className="link-button"
          aria-expanded={showOriginal}
          onClick={() => setShowOriginal((value) => !value)}
        >
          <FormattedMessage {...(showOriginal ? messages.hideOriginal : messages.showOriginal)} />
        </button>
      </p>
      {showOriginal ? (
        <blockquote className="message-original" lang={t.from ?? undefined}>
          <span className="visually-hidden">
            <FormattedMessage {...messages.original} />:{' '}
          </span>
          {message.body}
        </blockquote>
      ) : null}
    </>
  );
}
