import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { SelectField, TextField } from './field';

/** The words every filtered list shares (Archive, CRM → Visitors), so they read the same on both. */
export const searchFilterMessages = defineMessages({
  label: { id: 'searchFilters.label', defaultMessage: 'Search and filters' },
  search: { id: 'searchFilters.search', defaultMessage: 'Search' },
  button: { id: 'searchFilters.button', defaultMessage: 'Search' },
  clear: { id: 'searchFilters.clear', defaultMessage: 'Clear filters' },
  any: { id: 'searchFilters.any', defaultMessage: 'All' },
  more: { id: 'searchFilters.more', defaultMessage: 'Show more' },
});

/**
 * The search box and the row of filters above a searchable list (Archive, CRM → Visitors). The page
 * keeps the applied filters (in the URL); this keeps the words being typed until Search, and takes
 * the applied ones again when they change from outside (Clear filters, back and forward).
 */
export function SearchFilters({
  query,
  onSearch,
  placeholder,
  filtered,
  onClear,
  children,
  actions,
}: {
  /** The words applied now. */
  query: string;
  onSearch: (query: string) => void;
  /** What can be searched for, e.g. "Name, email, phone or visitor number". */
  placeholder: string;
  /** Whether any filter or words are applied: only then is "Clear filters" offered. */
  filtered: boolean;
  onClear: () => void;
  /** The filters, each a labelled field. */
  children: ReactNode;
  /** Beside Clear filters: Export… */
  actions?: ReactNode;
}) {
  const intl = useIntl();
  const [draft, setDraft] = useState(query);
  useEffect(() => setDraft(query), [query]);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(draft);
  }
  return (
    <search aria-label={intl.formatMessage(searchFilterMessages.label)}>
      <form className="archive-filters card" onSubmit={submit}>
        <div className="archive-search">
          <TextField
            label={intl.formatMessage(searchFilterMessages.search)}
            type="search"
            name="q"
            value={draft}
            maxLength={200}
            placeholder={placeholder}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button button-primary">
            <FormattedMessage {...searchFilterMessages.button} />
          </button>
        </div>
        <div className="archive-filter-row">{children}</div>
        {filtered || actions ? (
          <div className="search-filter-actions">
            {filtered ? (
              <button type="button" className="button button-small button-ghost" onClick={onClear}>
                <FormattedMessage {...searchFilterMessages.clear} />
              </button>
            ) : null}
            {actions}
          </div>
        ) : null}
      </form>
    </search>
  );
}

/** A filter that picks one of a list (a channel, an agent, a tag…) or, first, all of them. */
export function ChoiceFilter({
  label,
  value,
  choices,
  onChange,
}: {
  label: string;
  value: string;
  choices: readonly { id: string; name: string }[] | undefined;
  onChange: (id: string) => void;
}) {
  const intl = useIntl();
  return (
    <SelectField label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{intl.formatMessage(searchFilterMessages.any)}</option>
      {choices?.map((choice) => (
        <option key={choice.id} value={choice.id}>
          {choice.name}
        </option>
      ))}
    </SelectField>
  );
}

/** "Show more" under a filtered list that loads page by page; nothing once the last page is in. */
export function ShowMore({
  list,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
}) {
  if (!list.hasNextPage) return null;
  return (
    <div>
      <button
        type="button"
        className="button"
        disabled={list.isFetchingNextPage}
        onClick={() => void list.fetchNextPage()}
      >
        <FormattedMessage {...searchFilterMessages.more} />
      </button>
    </div>
  );
}
