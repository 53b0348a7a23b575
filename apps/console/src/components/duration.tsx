import { useEffect, useState } from 'react';
import { defineMessage, useIntl } from 'react-intl';
import { splitDuration, toDate } from '../lib/time';

const messages = {
  hours: defineMessage<{ hours: number; minutes: number }>({
    id: 'common.duration.hours',
    defaultMessage: '{hours} h {minutes} min',
  }),
  minutes: defineMessage<{ minutes: number; seconds: number }>({
    id: 'common.duration.minutes',
    defaultMessage: '{minutes} min {seconds} s',
  }),
  seconds: defineMessage<{ seconds: number }>({
    id: 'common.duration.seconds',
    defaultMessage: '{seconds} s',
  }),
};

/** The current time, re-rendering every `everyMs` while `enabled`. */
export function useNow(everyMs = 1000, enabled = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs, enabled]);
  return now;
}

export function useFormatDuration() {
  const intl = useIntl();
  return (ms: number) => {
    const { hours, minutes, seconds } = splitDuration(ms);
    if (hours > 0) return intl.formatMessage(messages.hours, { hours, minutes });
    if (minutes > 0) return intl.formatMessage(messages.minutes, { minutes, seconds });
    return intl.formatMessage(messages.seconds, { seconds });
  };
}

/** "12 min 5 s" since `since`, ticking every second while `live` (time on site, B7 / F1). */
export function ElapsedTime({
  since,
  live,
  until,
}: {
  since: string | null;
  live: boolean;
  until?: string | null;
}) {
  const now = useNow(1000, live);
  const format = useFormatDuration();
  const start = toDate(since);
  if (!start) return <span>—</span>;
  const end = live ? now : (toDate(until)?.getTime() ?? now);
  return <span className="elapsed">{format(end - start.getTime())}</span>;
}
