import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { defineMessages, FormattedMessage } from 'react-intl';
import { FormError } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { TagChip, type TTag } from './tag-chip';

const messages = defineMessages({
  name: { id: 'tools.visitorTags.name', defaultMessage: 'Add a tag to this visitor' },
  add: { id: 'tools.visitorTags.add', defaultMessage: 'Add' },
  current: { id: 'tools.visitorTags.current', defaultMessage: 'Remove a tag' },
});

/** C5 on the CRM record: tag the visitor (created on first use) or take a tag off. */
export function VisitorTagEditor({
  visitorId,
  tags,
  empty,
}: {
  visitorId: string;
  tags: TTag[];
  empty: ReactNode;
}) {
  const id = useId();
  const utils = trpc.useUtils();
  const all = trpc.tools.tags.useQuery();
  const [name, setName] = useState('');
  const tag = trpc.tools.tagVisitor.useMutation({
    onSuccess: () => {
      void utils.crm.visitor.invalidate({ visitorId });
      void utils.tools.tags.invalidate();
    },
  });
  function add(event: FormEvent) {
    event.preventDefault();
    const value = name.trim();
    if (value) tag.mutate({ visitorId, name: value }, { onSuccess: () => setName('') });
  }
  return (
    <form className="form" onSubmit={add}>
      {tags.length > 0 ? (
        <fieldset className="tag-list">
          <legend className="visually-hidden">
            <FormattedMessage {...messages.current} />
          </legend>
          {tags.map((item) => (
            <TagChip
              key={item.id}
              tag={item}
              onRemove={() => tag.mutate({ visitorId, name: item.name, remove: true })}
            />
          ))}
        </fieldset>
      ) : (
        <p className="muted">{empty}</p>
      )}
      <div className="form-row">
        <div className="field">
          <label htmlFor={id}>
            <FormattedMessage {...messages.name} />
          </label>
          <input
            id={id}
            list={`${id}-known`}
            value={name}
            maxLength={40}
            onChange={(e) => setName(e.target.value)}
          />
          <datalist id={`${id}-known`}>
            {(all.data ?? []).map((item) => (
              <option key={item.id} value={item.name} />
            ))}
          </datalist>
        </div>
        <button type="submit" className="button" disabled={tag.isPending || name.trim() === ''}>
          <FormattedMessage {...messages.add} />
        </button>
      </div>
      <FormError error={tag.error} />
    </form>
  );
}
