import { FormattedRelativeTime, useIntl } from 'react-intl';
import { selectRelativeUnit, toDate } from '../lib/time';

/** "3 minutes ago", with the exact date and time as a tooltip. */
export function RelativeTime({ value }: { value: string | Date | null | undefined }) {
  const intl = useIntl();
  const date = toDate(value);
  if (!date) return <span>—</span>;
  const { value: amount, unit } = selectRelativeUnit(date, new Date());
  return (
    <time
      dateTime={date.toISOString()}
      title={intl.formatDate(date, { dateStyle: 'medium', timeStyle: 'short' })}
    >
      <FormattedRelativeTime value={amount} unit={unit} numeric="auto" />
    </time>
  );
}
