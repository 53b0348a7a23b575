import { defineMessage, useIntl } from 'react-intl';

const removeLabel = defineMessage<{ name: string }>({
  id: 'tools.tags.remove',
  defaultMessage: 'Remove tag {name}',
});

export type TTag = { id: string; name: string; color: string | null };

/** C5: a tag with its colour; with `onRemove`, a button to take it off. Names are shown as text. */
export function TagChip({ tag, onRemove }: { tag: TTag; onRemove?: () => void }) {
  const intl = useIntl();
  return (
    <span className="chat-tag">
      <span
        className="chat-tag-dot"
        aria-hidden="true"
        style={tag.color ? { background: tag.color } : undefined}
      />
      <bdi>{tag.name}</bdi>
      {onRemove ? (
        <button
          type="button"
          aria-label={intl.formatMessage(removeLabel, { name: tag.name })}
          onClick={onRemove}
        >
          ×
        </button>
      ) : null}
    </span>
  );
}
