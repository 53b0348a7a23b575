import { type FormEvent, useId, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Section } from '../../../../components/page';
import { RelativeTime } from '../../../../components/relative-time';
import { FormError } from '../../../../components/status';
import { trpc } from '../../../../lib/trpc';
import { isAdmin, useMe } from '../../../../lib/use-me';
import type { TVisitorRecord } from '../../types';

const messages = defineMessages({
  notesTitle: { id: 'crm.record.notes', defaultMessage: 'Notes' },
  notesDescription: {
    id: 'crm.record.notesDescription',
    defaultMessage: 'Visible to your team only, never to the visitor.',
  },
  newNote: { id: 'crm.record.newNote', defaultMessage: 'New note' },
  addNote: { id: 'crm.record.addNote', defaultMessage: 'Add note' },
  notesEmpty: { id: 'crm.record.notesEmpty', defaultMessage: 'No notes yet.' },
  notesList: { id: 'crm.record.notesList', defaultMessage: 'Notes about this visitor' },
  deleteNote: { id: 'crm.record.deleteNote', defaultMessage: 'Delete' },
  deleteNoteLabel: defineMessage<{ time: string }>({
    id: 'crm.record.deleteNoteLabel',
    defaultMessage: 'Delete the note from {time}',
  }),
  deleteNoteConfirm: { id: 'crm.record.deleteNoteConfirm', defaultMessage: 'Delete this note?' },
  formerAgent: { id: 'crm.record.formerAgent', defaultMessage: 'Former agent' },
});

export function Notes({ record }: { record: TVisitorRecord }) {
  const intl = useIntl();
  const me = useMe();
  const id = useId();
  const utils = trpc.useUtils();
  const [body, setBody] = useState('');
  const refresh = () => utils.crm.visitor.invalidate({ visitorId: record.id });
  const add = trpc.crm.addNote.useMutation({
    onSuccess: async () => {
      setBody('');
      await refresh();
    },
  });
  const remove = trpc.crm.deleteNote.useMutation({ onSuccess: () => refresh() });

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = body.trim();
    if (!text || add.isPending) return;
    add.mutate({ visitorId: record.id, body: text });
  }

  return (
    <Section
      title={<FormattedMessage {...messages.notesTitle} />}
      description={<FormattedMessage {...messages.notesDescription} />}
    >
      <form className="form crm-note-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={id}>
            <FormattedMessage {...messages.newNote} />
          </label>
          <textarea
            id={id}
            className="textarea"
            rows={3}
            maxLength={5000}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            onKeyDown={(event) => {
              // Ctrl/Cmd+Enter adds the note; Enter alone is a new line, as notes run long.
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
            }}
          />
        </div>
        <FormError error={add.error} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!body.trim() || add.isPending}>
            <FormattedMessage {...messages.addNote} />
          </button>
        </div>
      </form>
      <FormError error={remove.error} />
      {record.notes.length === 0 ? (
        <p className="muted">
          <FormattedMessage {...messages.notesEmpty} />
        </p>
      ) : (
        <ul className="note-list" aria-label={intl.formatMessage(messages.notesList)}>
          {record.notes.map((note) => {
            const canDelete = note.author?.id === me.id || isAdmin(me);
            const time = intl.formatDate(note.createdAt, { dateStyle: 'medium', timeStyle: 'short' });
            return (
              <li key={note.id} className="note">
                <div className="note-meta">
                  <span className="note-author">
                    {note.author?.name ?? intl.formatMessage(messages.formerAgent)}
                  </span>
                  <RelativeTime value={note.createdAt} />
                  {canDelete ? (
                    <button
                      type="button"
                      className="link-button note-delete"
                      aria-label={intl.formatMessage(messages.deleteNoteLabel, { time })}
                      disabled={remove.isPending}
                      onClick={() => {
                        if (window.confirm(intl.formatMessage(messages.deleteNoteConfirm))) {
                          remove.mutate({ noteId: note.id });
                        }
                      }}
                    >
                      <FormattedMessage {...messages.deleteNote} />
                    </button>
                  ) : null}
                </div>
                <p className="note-body">{note.body}</p>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
