import { defineMessages, useIntl } from 'react-intl';
import { SelectField } from '../../../components/field';
import { trpc } from '../../../lib/trpc';

const messages = defineMessages({
  label: { id: 'tools.tagFilter', defaultMessage: 'Tag' },
  any: { id: 'tools.tagFilter.any', defaultMessage: 'Any' },
});

/** C5: pick a tag to filter a list by; hidden while the account has no tags. */
export function TagFilter({ value, onChange }: { value: string; onChange: (tagId: string) => void }) {
  const intl = useIntl();
  const tags = trpc.tools.tags.useQuery();
  if (!tags.data?.length && !value) return null;
  return (
    <SelectField
      label={intl.formatMessage(messages.label)}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    >
      <option value="">{intl.formatMessage(messages.any)}</option>
      {tags.data?.map((tag) => (
        <option key={tag.id} value={tag.id}>
          {tag.name}
        </option>
      ))}
    </SelectField>
  );
}
