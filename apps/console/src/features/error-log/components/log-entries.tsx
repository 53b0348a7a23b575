import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { TLogEntry } from '../ring';

const messages = defineMessages({
  label: { id: 'errorLog.entries', defaultMessage: 'Errors and warnings' },
  time: { id: 'errorLog.time', defaultMessage: 'Time' },
  level: { id: 'errorLog.level', defaultMessage: 'Level' },
  source: { id: 'errorLog.source', defaultMessage: 'Source' },
  what: { id: 'errorLog.what', defaultMessage: 'What happened' },
  where: { id: 'errorLog.where', defaultMessage: 'Where' },
  error: { id: 'errorLog.level.error', defaultMessage: 'Error' },
  warn: { id: 'errorLog.level.warn', defaultMessage: 'Warning' },
});

/** A log's entries as a table (newest first as given); the stack opens on demand. */
export function LogEntries({ entries }: { entries: readonly TLogEntry[] }) {
  const intl = useIntl();
  return (
    <div className="table-wrap">
      <table className="table error-log-table" aria-label={intl.formatMessage(messages.label)}>
        <thead>
          <tr>
            <th scope="col">
              <FormattedMessage {...messages.time} />
            </th>
            <th scope="col">
              <FormattedMessage {...messages.level} />
            </th>
            <th scope="col">
              <FormattedMessage {...messages.source} />
            </th>
            <th scope="col">
              <FormattedMessage {...messages.what} />
            </th>
            <th scope="col">
              <FormattedMessage {...messages.where} />
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id and never reorder.
            <tr key={index}>
              <td>
                <time dateTime={entry.at}>
                  {intl.formatDate(entry.at, { dateStyle: 'short', timeStyle: 'medium' })}
                </time>
              </td>
              <td>
                <span className={`badge ${entry.level === 'error' ? 'badge-warning' : 'badge-muted'}`}>
                  <FormattedMessage {...messages[entry.level]} />
                </span>
              </td>
              <td>{entry.source}</td>
              <td className="error-log-message">
                {entry.stack ? (
                  <details>
                    <summary>{entry.message}</summary>
                    <pre>{entry.stack}</pre>
                  </details>
                ) : (
                  entry.message
                )}
              </td>
              <td>{entry.route ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
