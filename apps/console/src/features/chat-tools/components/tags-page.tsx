import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { ColorInput, useAutosavedColor } from '../../../components/color-input';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Page } from '../../../components/page';
import { EmptyState, ErrorState, FormError, Loading } from '../../../components/status';
import { tagChanges } from '../../../lib/tags';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { TagChip, type TTag } from './tag-chip';
import '../chat-tools.css';

const messages = defineMessages({
  title: { id: 'tags.title', defaultMessage: 'Tags' },
  description: {
    id: 'tags.description',
    defaultMessage:
      'Rename, recolour or delete the tags agents put on chats and visitors. A change shows wherever the tag is used.',
  },
  empty: { id: 'tags.empty', defaultMessage: 'No tags yet' },
  emptyText: { id: 'tags.emptyText', defaultMessage: 'Tags are created in a chat: Tags → type a new name.' },
  name: defineMessage<{ name: string }>({ id: 'tags.row.name', defaultMessage: 'Name of tag {name}' }),
  color: defineMessage<{ name: string }>({ id: 'tags.row.color', defaultMessage: 'Colour of tag {name}' }),
  save: { id: 'tags.row.save', defaultMessage: 'Save' },
  saveLabel: defineMessage<{ name: string }>({ id: 'tags.row.saveLabel', defaultMessage: 'Save tag {name}' }),
  delete: { id: 'tags.row.delete', defaultMessage: 'Delete' },
  deleteLabel: defineMessage<{ name: string }>({
    id: 'tags.row.deleteLabel',
    defaultMessage: 'Delete tag {name}',
  }),
  deleteTitle: defineMessage<{ name: string }>({
    id: 'tags.delete.title',
    defaultMessage: 'Delete the tag {name}?',
  }),
  deleteText: {
    id: 'tags.delete.text',
    defaultMessage: 'It is taken off every chat and visitor that has it. This can’t be undone.',
  },
  deleteConfirm: { id: 'tags.delete.confirm', defaultMessage: 'Delete tag' },
});

// A tag without a colour has a grey dot (--text-muted); the picker starts there and saves nothing until moved.
const NO_COLOR = '#5b6676';

/** C5 Manage → Tags (admins): rename, recolour or delete the account's tags. Agents create them in chats. */
export function TagsPage() {
  const intl = useIntl();
  const tags = trpc.tools.tags.useQuery();
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      {tags.isPending ? (
        <Loading />
      ) : tags.isError ? (
        <ErrorState error={tags.error} onRetry={() => tags.refetch()} />
      ) : tags.data.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.empty} />}>
          <FormattedMessage {...messages.emptyText} />
        </EmptyState>
      ) : (
        <ul className="card tag-admin-list" aria-label={intl.formatMessage(messages.title)}>
          {tags.data.map((tag) => (
            <TagRow key={tag.id} tag={tag} />
          ))}
        </ul>
      )}
    </Page>
  );
}

/** Tags show in chat lists, chats and CRM records, and renaming one sends no live event: refetch them. */
function useRefreshTagged() {
  const utils = trpc.useUtils();
  return () =>
    Promise.all([
      utils.tools.tags.invalidate(),
      utils.chats.inbox.invalidate(),
      utils.chats.mine.invalidate(),
      utils.chats.get.invalidate(),
      utils.chats.archive.invalidate(),
      utils.crm.visitors.invalidate(),
      utils.crm.visitor.invalidate(),
    ]);
}

function TagRow({ tag }: { tag: TTag }) {
  const intl = useIntl();
  const id = useId();
  const refresh = useRefreshTagged();
  const [name, setName] = useState(tag.name);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => setName(tag.name), [tag.name]);
  const update = trpc.tools.updateTag.useMutation({ onSuccess: refresh });
  const { mutate } = update;
  const [color, setColor] = useAutosavedColor(
    tag.color,
    useCallback((value: string) => mutate({ id: tag.id, color: value }), [mutate, tag.id]),
  );
  const remove = trpc.tools.deleteTag.useMutation({
    onSuccess: async () => {
      setConfirming(false);
      await refresh();
    },
  });
  const fieldErrors = useFieldErrors({}, update.error);
  const changes = tagChanges(tag, { name, color });

  function save(event: FormEvent) {
    event.preventDefault();
    if (changes) update.mutate({ id: tag.id, ...changes });
  }

  return (
    <li className="edit-row">
      <form className="edit-row-form" onSubmit={save}>
        <TagChip tag={tag} />
        <span className="edit-row-name">
          <label htmlFor={`${id}-name`} className="visually-hidden">
            {intl.formatMessage(messages.name, { name: tag.name })}
          </label>
          <input
            id={`${id}-name`}
            className="input"
            maxLength={40}
            autoComplete="off"
            value={name}
            aria-invalid={fieldErrors.name ? true : undefined}
            aria-describedby={fieldErrors.name ? `${id}-error` : undefined}
            onChange={(event) => setName(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setName(tag.name);
            }}
          />
        </span>
        <span className="edit-row-color">
          <ColorInput
            hiddenLabel
            label={intl.formatMessage(messages.color, { name: tag.name })}
            value={color ?? NO_COLOR}
            onChange={setColor}
          />
        </span>
        <span className="edit-row-actions">
          <button
            type="submit"
            className="button button-small button-primary"
            aria-label={intl.formatMessage(messages.saveLabel, { name: tag.name })}
            disabled={update.isPending || changes === null}
          >
            <FormattedMessage {...messages.save} />
          </button>
          <button
            type="button"
            className="button button-small button-danger"
            aria-label={intl.formatMessage(messages.deleteLabel, { name: tag.name })}
            onClick={() => setConfirming(true)}
          >
            <FormattedMessage {...messages.delete} />
          </button>
        </span>
      </form>
      {fieldErrors.name ? (
        <p className="field-error" id={`${id}-error`}>
          {fieldErrors.name}
        </p>
      ) : null}
      <FormError error={update.error} />
      <ConfirmDialog
        open={confirming}
        danger
        title={intl.formatMessage(messages.deleteTitle, { name: tag.name })}
        confirmLabel={<FormattedMessage {...messages.deleteConfirm} />}
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => {
          remove.reset();
          setConfirming(false);
        }}
        onConfirm={() => remove.mutate({ id: tag.id })}
      >
        <p>
          <FormattedMessage {...messages.deleteText} />
        </p>
      </ConfirmDialog>
    </li>
  );
}
