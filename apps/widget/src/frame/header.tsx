import { Fragment } from 'preact';
import type { Translate } from '../lib/i18n';
import { Avatar } from './avatar';
import type { ChatState } from './session';

/** Who is in the chat (or whether anyone is online) and the close button. */
export function Header({
  s,
  t,
  title,
  onClose,
  onCall,
}: {
  s: ChatState;
  t: Translate;
  title: string;
  onClose(): void;
  onCall(): void;
}) {
  // H1: where the channel allows calls and someone is online to take one.
  const canCall = s.config?.calls?.enabled && s.agentsOnline && !s.banned;
  const agents = s.conversation?.agents ?? [];
  // Agent names are people's text: each one isolated (bidi), like every name in the widget.
  const status = agents.length
    ? agents.map((a, i) => (
        <Fragment key={a.id}>
          {i > 0 && ', '}
          <bdi>{a.name}</bdi>
        </Fragment>
      ))
    : s.agentsOnline
      ? t('online')
      : t('away');
  return (
    <header class="head">
      {agents.length > 0 && (
        <div class="faces">
          {agents.slice(0, 3).map((a) => (
            <Avatar key={a.id} agent={a} t={t} />
          ))}
        </div>
      )}
      <div class="titles">
        <h1>{title}</h1>
        <p>
          <span class={s.agentsOnline ? 'dot on' : 'dot'} aria-hidden="true" />
          {status}
        </p>
      </div>
      {canCall && (
        <button
          type="button"
          class="icon call"
          aria-label={t('call')}
          title={t('call')}
          disabled={s.call !== null}
          onClick={onCall}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M5 4h4l2 5-2.5 1.5a11 11 0 005 5L15 13l5 2v4a2 2 0 01-2 2A16 16 0 013 6a2 2 0 012-2" />
          </svg>
        </button>
      )}
      <button type="button" class="icon close" aria-label={t('close')} title={t('close')} onClick={onClose}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 9l6 6 6-6" />
        </svg>
      </button>
    </header>
  );
}
