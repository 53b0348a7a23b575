import type { Translate } from '../lib/i18n';
import type { WidgetMessage } from '../types';
import { Avatar } from './avatar';
import { MessageMedia } from './media';
import { Sentence } from './sentence';

/** H1: a call's record line. */
function callLine(t: Translate, call: NonNullable<NonNullable<WidgetMessage['system']>['call']>) {
  if (call.outcome !== 'answered')
    return t(
      call.outcome === 'missed' ? 'callMissed' : call.outcome === 'declined' ? 'callDeclined' : 'callFailed',
    );
  const s = call.durationSec ?? 0;
  return t('callLine', { time: `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}` });
}

/**
 * One line of the transcript: a system notice, or a message grouped under the one before it when
 * the same person wrote it within three minutes.
 */
export function Message(props: {
  m: WidgetMessage;
  prev: WidgetMessage | undefined;
  t: Translate;
  time: string;
  read: boolean;
}) {
  const { m, prev, t, time, read } = props;
  if (m.author === 'system') {
    const name = m.system?.name ?? m.agent?.name ?? '';
    const event = m.system?.event;
    const text =
      event === 'joined' || event === 'transferred' || event === 'left' ? (
        <Sentence t={t} k={event} params={{ name }} />
      ) : event === 'closed' ? (
        t('closed')
      ) : event === 'call' && m.system?.call ? (
        callLine(t, m.system.call)
      ) : (
        <span dir="auto">{m.body}</span>
      );
    return <div class="system">{text}</div>;
  }
  const grouped =
    prev &&
    prev.author === m.author &&
    prev.agent?.id === m.agent?.id &&
    prev.bot?.name === m.bot?.name &&
    Date.parse(m.createdAt) - Date.parse(prev.createdAt) < 180_000;
  const author = m.author === 'agent' ? (m.bot?.name ?? m.agent?.name ?? t('support')) : t('you');
  return (
    <div class={`msg ${m.author}${m.bot ? ' bot' : ''}${grouped ? ' grouped' : ''}`}>
      {!grouped && (
        <div class="who">
          {m.author === 'agent' && m.agent && <Avatar agent={m.agent} t={t} />}
          {m.bot && (
            <span class="bot-mark" aria-hidden="true">
              🤖
            </span>
          )}
          <bdi class="name">{author}</bdi>
          <time dateTime={m.createdAt}>{time}</time>
        </div>
      )}
      <div class={m.attachments || m.gif ? 'bubble media' : 'bubble'} title={grouped ? time : undefined}>
        {m.attachments || m.gif ? <MessageMedia m={m} t={t} /> : <span dir="auto">{m.body}</span>}
      </div>
      {read && <div class="meta">{t('read')}</div>}
    </div>
  );
}
