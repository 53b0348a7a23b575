import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { SelectField, TextField } from './field';

/**
 * The search box and the row of filters above a searchable list (Archive, CRM → Visitors). The page
 * keeps the applied filters (in the URL); this keeps the words being typed until Search, and takes
 * the applied ones again when they change from outside (Clear filters, back and forward).
 */
export function SearchFilters({
  label,
  query,
  onSearch,
  text,
  children,
  actions,
}: {
  /** The landmark's name, e.g. "Search and filters". */
  label: string;
  /** The words applied now. */
  query: string;
  onSearch: (query: string) => void;
  text: { search: string; placeholder: string; button: ReactNode };
  /** The filters, each a labelled field. */
  children: ReactNode;
  /** Below the filters: Clear filters, Export… */
  actions?: ReactNode;
}) {
  const [draft, setDraft] = useState(query);
  useEffect(() => setDraft(query), [query]);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(draft);
  }
  return (
    <search aria-label={label}>
      <form className="archive-filters card" onSubmit={submit}>
        <div className="archive-search">
          <TextField
            label={text.search}
            type="search"
            name="q"
            value={draft}
            maxLength={200}
            placeholder={text.placeholder}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button button-primary">
            {text.button}
          </button>
        </div>
        <div className="archive-filter-row">{children}</div>
        {actions}
      </form>
    </search>
  );
}

/** A filter that picks one of a list (a channel, an agent, a tag…) or, first, all of them. */
export function ChoiceFilter({
  label,
  anyLabel,
  value,
  choices,
  onChange,
}: {
  label: string;
  anyLabel: string;
  value: string;
  choices: readonly { id: string; name: string }[] | undefined;
  onChange: (id: string) => void;
}) {
  return (
    <SelectField label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{anyLabel}</option>
      {choices?.map((choice) => (
        <option key={choice.id} value={choice.id}>
          {choice.name}
        </option>
      ))}
    </SelectField>
  );
}
