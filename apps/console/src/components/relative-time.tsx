import { useEffect, useState } from 'react';
import { FormattedRelativeTime, useIntl } from 'react-intl';
import { relativeTickMs, selectRelativeUnit, toDate } from '../lib/time';

/**
 * "3 minutes ago", with the exact date and time as a tooltip. It redraws itself as time passes
 * (every second while it counts seconds), so it never freezes until something else re-renders.
 */
export function RelativeTime({ value }: { value: string | Date | null | undefined }) {
  const intl = useIntl();
  const date = toDate(value);
  // Each tick re-renders; the render reads the clock itself, so a new value never shows a stale tick.
  const [tickedAt, setTickedAt] = useState(Date.now);
  const time = date?.getTime();
  useEffect(() => {
    if (time === undefined) return;
    // The clock now, not the last tick: a value that just changed may need seconds, not minutes.
    const now = new Date(Math.max(tickedAt, Date.now()));
    const timer = setTimeout(() => setTickedAt(Date.now()), relativeTickMs(new Date(time), now));
    return () => clearTimeout(timer);
  }, [time, tickedAt]);
  if (!date) return <span>—</span>;
  const now = new Date();
  const { value: amount, unit } = selectRelativeUnit(date, now);
  return (
    <time
      dateTime={date.toISOString()}
      title={intl.formatDate(date, { dateStyle: 'medium', timeStyle: 'short' })}
    >
      <FormattedRelativeTime value={amount} unit={unit} numeric="auto" />
    </time>
  );
}
