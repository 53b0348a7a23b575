import type { ReactNode } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';

const messages = defineMessages({
  pager: { id: 'pager.label', defaultMessage: 'Pages' },
  previous: { id: 'pager.previous', defaultMessage: 'Previous page' },
  next: { id: 'pager.next', defaultMessage: 'Next page' },
});

/**
 * The console's data table: named (screen readers list tables by name, e2e tests find them by it),
 * column headers scoped to their columns, and a wrapper that scrolls sideways on a narrow screen.
 * `scrollable` makes that wrapper a named, focusable region for tables wide enough to scroll, so the
 * keyboard can scroll them too (WCAG 2.1.1). Rows stay the caller's own `<tr>`s.
 */
export function DataTable({
  label,
  headers,
  className,
  scrollable = false,
  children,
}: {
  label: string;
  headers: readonly ReactNode[];
  className?: string;
  scrollable?: boolean;
  children: ReactNode;
}) {
  const table = (
    <table className={className ? `table ${className}` : 'table'} aria-label={label}>
      <thead>
        <tr>
          {headers.map((header, i) => (
            // Headers are fixed for a table's life: their position is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <th key={i} scope="col">
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  if (!scrollable) return <div className="table-wrap">{table}</div>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {table}
    </section>
  );
}

/**
 * Previous / next for a numbered list of pages, in a named navigation; `status` ("Page 2 of 5 ·
 * 93 accounts") is announced politely when the page changes.
 */
export function Pager({
  page,
  pages,
  onPage,
  status,
}: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  status: ReactNode;
}) {
  const intl = useIntl();
  return (
    <nav className="pager" aria-label={intl.formatMessage(messages.pager)}>
      <button
        type="button"
        className="button button-small"
        disabled={page <= 1}
        onClick={() => onPage(Math.max(1, page - 1))}
      >
        <FormattedMessage {...messages.previous} />
      </button>
      <span aria-live="polite">{status}</span>
      <button
        type="button"
        className="button button-small"
        disabled={page >= pages}
        onClick={() => onPage(Math.min(pages, page + 1))}
      >
        <FormattedMessage {...messages.next} />
      </button>
    </nav>
  );
}
