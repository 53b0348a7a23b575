import './call.css';
import { useEffect, useState } from 'preact/hooks';
import { callClock } from '../../lib/call-peer';
import type { ChatState } from '../session-state';
import type { CallController } from './controller';
import { type CallKey, callTranslator } from './strings';

/**
 * H1: the call under the header: "Calling…", then who the visitor is talking to with a running
 * timer, Mute (a toggle) and Hang up; "Reconnecting…" while the network recovers; afterwards a
 * notice (ended with its length, missed or declined with the way to write instead, failed).
 */
export function CallBar({
  s,
  controller,
  locale,
}: {
  s: ChatState;
  controller: CallController;
  locale: string;
}) {
  const t = callTranslator(locale);
  const [now, setNow] = useState(() => Date.now());
  const answeredAt = s.call?.answeredAt ?? null;
  useEffect(() => {
    if (!answeredAt) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [answeredAt]);

  const call = s.call;
  if (call) {
    const name = call.agent?.name;
    const status =
      call.status === 'ringing'
        ? t('calling')
        : call.media === 'reconnecting'
          ? t('reconnecting')
          : call.media === 'connected'
            ? name
              ? t('inCall', { name })
              : t('inCallAnonymous')
            : t('connecting');
    return (
      <section class="callbar" aria-label={t('region')}>
        <p class="callstatus" role="status">
          {status}
        </p>
        {answeredAt && (
          <span class="calltime" role="timer" aria-label={t('duration')}>
            {callClock(answeredAt, now)}
          </span>
        )}
        {call.status === 'active' && (
          <button
            type="button"
            class="callbtn"
            aria-pressed={call.muted}
            onClick={() => void controller.setMuted(!call.muted)}
          >
            {t('mute')}
          </button>
        )}
        <button type="button" class="callbtn hangup" onClick={() => void controller.hangUp()}>
          {call.status === 'ringing' ? t('cancel') : t('hangUp')}
        </button>
      </section>
    );
  }
  const notice = s.callNotice;
  if (!notice) return null;
  const key = (notice.key in NOTICE ? NOTICE[notice.key] : 'error') as CallKey;
  const time = callClock(new Date(0).toISOString(), (notice.durationSec ?? 0) * 1000);
  return (
    <div class="callbar notice" role="status">
      <p>{t(key, { time })}</p>
      <button type="button" class="icon" aria-label={t('dismiss')} onClick={() => controller.dismiss()}>
        ×
      </button>
    </div>
  );
}

const NOTICE: Record<string, CallKey> = {
  ended: 'ended',
  missed: 'missed',
  declined: 'declined',
  failed: 'failed',
  noAgents: 'noAgents',
  micDenied: 'micDenied',
  noMic: 'noMic',
  error: 'error',
};
