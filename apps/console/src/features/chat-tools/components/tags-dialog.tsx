import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { defineMessages, FormattedMessage } from 'react-intl';
import { FormError } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { TagChip, type TTag } from './tag-chip';

const messages = defineMessages({
  title: { id: 'tools.tags.title', defaultMessage: 'Tags' },
  name: { id: 'tools.tags.name', defaultMessage: 'Tag' },
  color: { id: 'tools.tags.color', defaultMessage: 'Colour for a new tag' },
  add: { id: 'tools.tags.add', defaultMessage: 'Add tag' },
  none: { id: 'tools.tags.none', defaultMessage: 'No tags on this chat yet.' },
  hint: {
    id: 'tools.tags.hint',
    defaultMessage: 'Pick an existing tag or type a new name: it is created on the fly.',
  },
  close: { id: 'tools.tags.close', defaultMessage: 'Done' },
});

/** C5: assign and remove tags on a conversation; a new name creates the tag with the chosen colour. */
export function TagsDialog({
  conversationId,
  tags,
  onClose,
}: {
  conversationId: string;
  tags: TTag[];
  onClose: () => void;
}) {
  const id = useId();
  const utils = trpc.useUtils();
  const all = trpc.tools.tags.useQuery();
  const dialog = useRef<HTMLDialogElement>(null);
  // Modal, like ConfirmDialog: focus is trapped and Escape closes.
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  const [name, setName] = useState('');
  const [color, setColor] = useState('#2f6fed');
  const tag = trpc.tools.tagConversation.useMutation({
    onSuccess: () => {
      void utils.tools.tags.invalidate();
      void utils.chats.get.invalidate({ conversationId });
    },
  });

  function add(event: FormEvent) {
    event.preventDefault();
    const value = name.trim();
    if (!value) return;
    const known = all.data?.some((item) => item.name === value);
    tag.mutate(
      { conversationId, name: value, ...(known ? {} : { color }) },
      { onSuccess: () => setName('') },
    );
  }

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form className="dialog-form" onSubmit={add}>
        <h2 id={`${id}-title`} className="dialog-title">
          <FormattedMessage {...messages.title} />
        </h2>
        <div className="dialog-body">
          {tags.length === 0 ? (
            <p className="muted">
              <FormattedMessage {...messages.none} />
            </p>
          ) : (
            <ul className="tag-list">
              {tags.map((item) => (
                <li key={item.id}>
                  <TagChip
                    tag={item}
                    onRemove={() => tag.mutate({ conversationId, name: item.name, remove: true })}
                  />
                </li>
              ))}
            </ul>
          )}
          <div className="form-row">
            <div className="field">
              <label htmlFor={`${id}-name`}>
                <FormattedMessage {...messages.name} />
              </label>
              <input
                id={`${id}-name`}
                list={`${id}-known`}
                value={name}
                maxLength={40}
                aria-describedby={`${id}-hint`}
                onChange={(event) => setName(event.target.value)}
              />
              <datalist id={`${id}-known`}>
                {(all.data ?? [])
                  .filter((item) => !tags.some((t) => t.id === item.id))
                  .map((item) => (
                    <option key={item.id} value={item.name} />
                  ))}
              </datalist>
            </div>
            <div className="field">
              <label htmlFor={`${id}-color`}>
                <FormattedMessage {...messages.color} />
              </label>
              <input
                id={`${id}-color`}
                type="color"
                className="color-input"
                value={color}
                onChange={(event) => setColor(event.target.value)}
              />
            </div>
            <button type="submit" className="button" disabled={tag.isPending || name.trim() === ''}>
              <FormattedMessage {...messages.add} />
            </button>
          </div>
          <p className="field-hint" id={`${id}-hint`}>
            <FormattedMessage {...messages.hint} />
          </p>
          <FormError error={tag.error} />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button button-primary" onClick={onClose}>
            <FormattedMessage {...messages.close} />
          </button>
        </div>
      </form>
    </dialog>
  );
}
