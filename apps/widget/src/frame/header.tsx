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
}: {
  s: ChatState;
  t: Translate;
  title: string;
  onClose(): void;
}) {
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
      <button type="button" class="icon close" aria-label={t('close')} title={t('close')} onClick={onClose}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 9l6 6 6-6" />
        </svg>
      </button>
    </header>
  );
}
