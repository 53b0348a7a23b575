import { type FormEvent, useEffect, useId, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ConversationList } from '../../../components/conversation-list';
import { TextField } from '../../../components/field';
import { Section } from '../../../components/page';
import { RelativeTime } from '../../../components/relative-time';
import { ErrorState, FormError, Loading, Notice } from '../../../components/status';
import { VisitorDot } from '../../../components/visitor-dot';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { isAdmin, useMe } from '../../../lib/use-me';
import { useVisitorName } from '../../../lib/use-visitor-name';
import { hasErrors, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import { VisitorTagEditor } from '../../chat-tools';
import type { TVisitorRecord } from '../types';
import { StatusBadge } from './status-badge';
import { StatusSelect } from './status-select';

const messages = defineMessages({
  back: { id: 'crm.record.back', defaultMessage: 'All visitors' },
  number: defineMessage<{ number: number }>({
    id: 'crm.record.number',
    defaultMessage: 'Visitor no. {number, number, ::group-off}',
  }),
  firstSeen: { id: 'crm.record.firstSeen', defaultMessage: 'First seen' },
  lastSeen: { id: 'crm.record.lastSeen', defaultMessage: 'Last seen' },
  contactTitle: { id: 'crm.record.contact', defaultMessage: 'Contact data' },
  name: { id: 'crm.record.name', defaultMessage: 'Name' },
  nameHint: {
    id: 'crm.record.nameHint',
    defaultMessage: 'Empty: the console names the visitor by city and number.',
  },
  email: { id: 'crm.record.email', defaultMessage: 'Email' },
  phone: { id: 'crm.record.phone', defaultMessage: 'Phone' },
  save: { id: 'crm.record.save', defaultMessage: 'Save contact data' },
  saving: { id: 'crm.record.saving', defaultMessage: 'Saving…' },
  saved: { id: 'crm.record.saved', defaultMessage: 'Contact data saved.' },
  processTitle: { id: 'crm.record.process', defaultMessage: 'Customer process' },
  history: { id: 'crm.record.history', defaultMessage: 'Status history' },
  historyEmpty: { id: 'crm.record.historyEmpty', defaultMessage: 'The status has not changed yet.' },
  historyItem: defineMessage<{ by: string }>({
    id: 'crm.record.historyBy',
    defaultMessage: 'by {by}',
  }),
  noStatus: { id: 'crm.record.noStatus', defaultMessage: 'No status' },
  to: { id: 'crm.record.historyTo', defaultMessage: 'to' },
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
  tagsTitle: { id: 'crm.record.tags', defaultMessage: 'Tags' },
  tagsEmpty: { id: 'crm.record.tagsEmpty', defaultMessage: 'No tags yet.' },
  conversationsTitle: { id: 'crm.record.conversations', defaultMessage: 'Conversations' },
  conversationsEmpty: { id: 'crm.record.conversationsEmpty', defaultMessage: 'No conversations yet.' },
  remindersTitle: { id: 'crm.record.reminders', defaultMessage: 'Reminders' },
  remindersEmpty: { id: 'crm.record.remindersEmpty', defaultMessage: 'No reminders.' },
  reminderDone: { id: 'crm.record.reminderDone', defaultMessage: 'Done' },
  reminderOverdue: { id: 'crm.record.reminderOverdue', defaultMessage: 'Overdue' },
  reminderDue: { id: 'crm.record.reminderDue', defaultMessage: 'Due' },
  reminderFor: defineMessage<{ name: string }>({
    id: 'crm.record.reminderFor',
    defaultMessage: 'for {name}',
  }),
  adminTitle: { id: 'crm.record.admin', defaultMessage: 'Merge and delete' },
  adminDescription: {
    id: 'crm.record.adminDescription',
    defaultMessage: 'Only admins see these. Both are recorded in the audit log and can’t be undone.',
  },
  merge: { id: 'crm.record.merge', defaultMessage: 'Merge…' },
  mergeTitle: defineMessage<{ name: string }>({
    id: 'crm.record.mergeTitle',
    defaultMessage: 'Merge a duplicate into {name}',
  }),
  mergeSearch: { id: 'crm.record.mergeSearch', defaultMessage: 'Find the duplicate' },
  mergeSearchPlaceholder: {
    id: 'crm.record.mergeSearchPlaceholder',
    defaultMessage: 'Name, email, phone or number',
  },
  mergeResults: { id: 'crm.record.mergeResults', defaultMessage: 'Visitors to merge' },
  mergeNone: { id: 'crm.record.mergeNone', defaultMessage: 'No other visitor matches.' },
  mergeExplain: defineMessage<{ source: string; target: string }>({
    id: 'crm.record.mergeExplain',
    defaultMessage:
      'All conversations, notes, visits, identities, tags, reminders and status history of {source} move to {target}, and the record of {source} is deleted. Contact data missing here is taken from {source}.',
  }),
  mergePick: {
    id: 'crm.record.mergePick',
    defaultMessage: 'Search, then pick the duplicate record that should be merged into this one.',
  },
  mergeConfirm: { id: 'crm.record.mergeConfirm', defaultMessage: 'Merge' },
  merged: defineMessage<{ name: string }>({
    id: 'crm.record.merged',
    defaultMessage: '{name} was merged into this record.',
  }),
  erase: { id: 'crm.record.erase', defaultMessage: 'Delete on request…' },
  eraseTitle: defineMessage<{ name: string }>({
    id: 'crm.record.eraseTitle',
    defaultMessage: 'Delete {name} for good?',
  }),
  eraseExplain: {
    id: 'crm.record.eraseExplain',
    defaultMessage:
      'For a data deletion request (GDPR). The visitor, all their conversations, messages, files, notes and identities are removed at once. Only an audit line without personal data stays.',
  },
  eraseType: defineMessage<{ word: string }>({
    id: 'crm.record.eraseType',
    defaultMessage: 'Type {word} to confirm',
  }),
  eraseWord: { id: 'crm.record.eraseWord', defaultMessage: 'DELETE' },
  eraseConfirm: { id: 'crm.record.eraseConfirm', defaultMessage: 'Delete visitor' },
});

/** D1: one visitor's record. */
export function VisitorRecordPage() {
  const { visitorId = '' } = useParams();
  const record = trpc.crm.visitor.useQuery({ visitorId });
  if (record.isPending) return <Loading />;
  if (record.isError)
    return (
      <div className="page">
        <BackLink />
        <ErrorState error={record.error} onRetry={() => record.refetch()} />
      </div>
    );
  return <VisitorRecord record={record.data} />;
}

function BackLink() {
  return (
    <p className="page-back">
      <Link to="/crm/visitors">
        ← <FormattedMessage {...messages.back} />
      </Link>
    </p>
  );
}

function VisitorRecord({ record }: { record: TVisitorRecord }) {
  const intl = useIntl();
  const me = useMe();
  const visitorName = useVisitorName();
  const name = visitorName(record);
  const [mergedName, setMergedName] = useState<string | null>(null);
  useEffect(() => {
    document.title = `${name} · Parley`;
  }, [name]);

  return (
    <div className="page crm-record">
      <header className="page-header">
        <BackLink />
        <div className="crm-record-title">
          <VisitorDot online={record.online} />
          <h1>
            <bdi>{name}</bdi>
          </h1>
          {record.status ? <StatusBadge status={record.status} /> : null}
        </div>
        <p className="page-description">
          {intl.formatMessage(messages.number, { number: record.number })}
          {' · '}
          <FormattedMessage {...messages.firstSeen} /> <RelativeTime value={record.firstSeenAt} />
          {' · '}
          <FormattedMessage {...messages.lastSeen} /> <RelativeTime value={record.lastSeenAt} />
        </p>
      </header>
      {mergedName ? <Notice>{intl.formatMessage(messages.merged, { name: mergedName })}</Notice> : null}
      <div className="crm-record-grid">
        <div className="stack">
          <ContactForm key={record.id} record={record} />
          <Section title={<FormattedMessage {...messages.processTitle} />}>
            <StatusSelect visitorId={record.id} current={record.status} />
            <StatusHistory record={record} />
          </Section>
          <Notes record={record} />
        </div>
        <div className="stack">
          <Section title={<FormattedMessage {...messages.conversationsTitle} />}>
            {record.conversations.length === 0 ? (
              <p className="muted">
                <FormattedMessage {...messages.conversationsEmpty} />
              </p>
            ) : (
              <ConversationList
                conversations={record.conversations}
                label={intl.formatMessage(messages.conversationsTitle)}
                hrefOf={(conversation) => `/archive/${conversation.id}`}
              />
            )}
          </Section>
          <Section title={<FormattedMessage {...messages.tagsTitle} />}>
            <VisitorTagEditor
              visitorId={record.id}
              tags={record.tags}
              empty={<FormattedMessage {...messages.tagsEmpty} />}
            />
          </Section>
          <Reminders record={record} />
          {isAdmin(me) ? <AdminActions record={record} name={name} onMerged={setMergedName} /> : null}
        </div>
      </div>
    </div>
  );
}

function ContactForm({ record }: { record: TVisitorRecord }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [values, setValues] = useState({
    name: record.name ?? '',
    email: record.email ?? '',
    phone: record.phone ?? '',
  });
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const update = trpc.crm.updateContact.useMutation({
    onSuccess: () => {
      void utils.crm.visitor.invalidate({ visitorId: record.id });
      void utils.crm.visitors.invalidate();
      void utils.visitors.get.invalidate({ visitorId: record.id });
    },
  });
  const fieldErrors = useFieldErrors(clientErrors, update.error);
  const changed =
    values.name !== (record.name ?? '') ||
    values.email !== (record.email ?? '') ||
    values.phone !== (record.phone ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields(values, { email: ['email'] });
    if (values.phone.trim() && !/^[+\d\s().-]*$/.test(values.phone.trim()))
      errors.phone = 'validation.format';
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    // Blank means "remove it": null clears the field on the server.
    const text = (value: string) => value.trim() || null;
    update.mutate({
      visitorId: record.id,
      name: text(values.name),
      email: text(values.email),
      phone: text(values.phone),
    });
  }

  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [field]: event.target.value }));
    update.reset();
  };

  return (
    <Section title={<FormattedMessage {...messages.contactTitle} />}>
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={intl.formatMessage(messages.name)}
          hint={intl.formatMessage(messages.nameHint)}
          name="name"
          autoComplete="off"
          maxLength={100}
          value={values.name}
          onChange={set('name')}
          error={fieldErrors.name}
        />
        <TextField
          label={intl.formatMessage(messages.email)}
          name="email"
          type="email"
          autoComplete="off"
          spellCheck={false}
          maxLength={254}
          value={values.email}
          onChange={set('email')}
          error={fieldErrors.email}
        />
        <TextField
          label={intl.formatMessage(messages.phone)}
          name="phone"
          type="tel"
          autoComplete="off"
          maxLength={40}
          value={values.phone}
          onChange={set('phone')}
          error={fieldErrors.phone}
        />
        <FormError error={update.error} />
        {update.isSuccess && !changed ? <Notice>{intl.formatMessage(messages.saved)}</Notice> : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!changed || update.isPending}>
            <FormattedMessage {...(update.isPending ? messages.saving : messages.save)} />
          </button>
        </div>
      </form>
    </Section>
  );
}

function StatusHistory({ record }: { record: TVisitorRecord }) {
  const intl = useIntl();
  const noStatus = <span className="muted">{intl.formatMessage(messages.noStatus)}</span>;
  return (
    <div className="crm-history">
      <h3 className="details-heading">
        <FormattedMessage {...messages.history} />
      </h3>
      {record.statusHistory.length === 0 ? (
        <p className="muted">
          <FormattedMessage {...messages.historyEmpty} />
        </p>
      ) : (
        <ol className="crm-history-list" aria-label={intl.formatMessage(messages.history)}>
          {record.statusHistory.map((change) => (
            <li key={`${change.at}-${change.to?.name ?? ''}`} className="crm-history-item">
              <span className="crm-history-change">
                {change.from ? <StatusBadge status={change.from} /> : noStatus}
                <span aria-hidden="true"> → </span>
                <span className="visually-hidden"> {intl.formatMessage(messages.to)} </span>
                {change.to ? <StatusBadge status={change.to} /> : noStatus}
              </span>
              <span className="muted crm-history-meta">
                {change.by ? `${intl.formatMessage(messages.historyItem, { by: change.by })} · ` : null}
                <RelativeTime value={change.at} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function Notes({ record }: { record: TVisitorRecord }) {
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

function Reminders({ record }: { record: TVisitorRecord }) {
  const intl = useIntl();
  const team = trpc.team.list.useQuery();
  const now = Date.now();
  return (
    <Section title={<FormattedMessage {...messages.remindersTitle} />}>
      {record.reminders.length === 0 ? (
        <p className="muted">
          <FormattedMessage {...messages.remindersEmpty} />
        </p>
      ) : (
        <ul className="note-list" aria-label={intl.formatMessage(messages.remindersTitle)}>
          {record.reminders.map((reminder) => {
            const assignee = team.data?.find((member) => member.id === reminder.assigneeId)?.name;
            const overdue = !reminder.doneAt && new Date(reminder.dueAt).getTime() < now;
            return (
              <li key={reminder.id} className="note">
                <div className="note-meta">
                  <span
                    className={`badge ${reminder.doneAt ? 'badge-success' : overdue ? 'badge-warning' : 'badge-muted'}`}
                  >
                    <FormattedMessage
                      {...(reminder.doneAt
                        ? messages.reminderDone
                        : overdue
                          ? messages.reminderOverdue
                          : messages.reminderDue)}
                    />
                  </span>
                  <RelativeTime value={reminder.dueAt} />
                  {assignee ? (
                    <span className="muted">
                      {intl.formatMessage(messages.reminderFor, { name: assignee })}
                    </span>
                  ) : null}
                </div>
                <p className="note-body">{reminder.text}</p>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

function AdminActions({
  record,
  name,
  onMerged,
}: {
  record: TVisitorRecord;
  name: string;
  onMerged: (name: string) => void;
}) {
  const [dialog, setDialog] = useState<'merge' | 'erase' | null>(null);
  return (
    <Section
      title={<FormattedMessage {...messages.adminTitle} />}
      description={<FormattedMessage {...messages.adminDescription} />}
    >
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setDialog('merge')}>
          <FormattedMessage {...messages.merge} />
        </button>
        <button type="button" className="button button-danger" onClick={() => setDialog('erase')}>
          <FormattedMessage {...messages.erase} />
        </button>
      </div>
      <MergeDialog
        open={dialog === 'merge'}
        record={record}
        name={name}
        onClose={() => setDialog(null)}
        onMerged={onMerged}
      />
      <EraseDialog open={dialog === 'erase'} record={record} name={name} onClose={() => setDialog(null)} />
    </Section>
  );
}

function MergeDialog({
  open,
  record,
  name,
  onClose,
  onMerged,
}: {
  open: boolean;
  record: TVisitorRecord;
  name: string;
  onClose: () => void;
  onMerged: (name: string) => void;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const visitorName = useVisitorName();
  const radioName = useId();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [sourceId, setSourceId] = useState<string | null>(null);
  const candidates = trpc.crm.visitors.useQuery(search ? { q: search } : {}, { enabled: open });
  const options = (candidates.data?.items ?? []).filter((visitor) => visitor.id !== record.id);
  const source = options.find((visitor) => visitor.id === sourceId);
  const merge = trpc.crm.merge.useMutation({
    onSuccess: async () => {
      if (source) onMerged(visitorName(source));
      close();
      await Promise.all([utils.crm.visitor.invalidate(), utils.crm.visitors.invalidate()]);
    },
  });

  function close() {
    setQ('');
    setSearch('');
    setSourceId(null);
    merge.reset();
    onClose();
  }

  return (
    <ConfirmDialog
      open={open}
      title={intl.formatMessage(messages.mergeTitle, { name })}
      confirmLabel={<FormattedMessage {...messages.mergeConfirm} />}
      confirmDisabled={!source}
      pending={merge.isPending}
      error={merge.error}
      onCancel={close}
      onConfirm={() => {
        if (source) merge.mutate({ targetId: record.id, sourceId: source.id });
      }}
    >
      <div className="merge-search">
        <TextField
          label={intl.formatMessage(messages.mergeSearch)}
          type="search"
          value={q}
          maxLength={200}
          placeholder={intl.formatMessage(messages.mergeSearchPlaceholder)}
          onChange={(event) => setQ(event.target.value)}
          onKeyDown={(event) => {
            // Enter searches here instead of submitting the dialog.
            if (event.key === 'Enter') {
              event.preventDefault();
              setSearch(q.trim());
            }
          }}
          onBlur={() => setSearch(q.trim())}
        />
      </div>
      {candidates.isPending ? (
        <Loading />
      ) : candidates.isError ? (
        <ErrorState error={candidates.error} onRetry={() => candidates.refetch()} />
      ) : options.length === 0 ? (
        <p className="muted">
          <FormattedMessage {...messages.mergeNone} />
        </p>
      ) : (
        <fieldset className="radio-group merge-candidates">
          <legend>{intl.formatMessage(messages.mergeResults)}</legend>
          {options.slice(0, 20).map((visitor) => (
            <label key={visitor.id} className="merge-candidate">
              <input
                type="radio"
                name={radioName}
                value={visitor.id}
                checked={sourceId === visitor.id}
                onChange={() => setSourceId(visitor.id)}
              />
              <span>
                <bdi className="member-name">{visitorName(visitor)}</bdi>{' '}
                <span className="muted">
                  {[
                    visitor.email,
                    visitor.phone,
                    intl.formatMessage(messages.number, { number: visitor.number }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <p className={source ? 'dialog-warning' : 'muted'}>
        {source
          ? intl.formatMessage(messages.mergeExplain, { source: visitorName(source), target: name })
          : intl.formatMessage(messages.mergePick)}
      </p>
    </ConfirmDialog>
  );
}

function EraseDialog({
  open,
  record,
  name,
  onClose,
}: {
  open: boolean;
  record: TVisitorRecord;
  name: string;
  onClose: () => void;
}) {
  const intl = useIntl();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const [typed, setTyped] = useState('');
  const word = intl.formatMessage(messages.eraseWord);
  const erase = trpc.crm.erase.useMutation({
    onSuccess: () => {
      onClose();
      void utils.crm.visitors.invalidate();
      void utils.chats.archive.invalidate();
      navigate('/crm/visitors', { replace: true });
    },
  });
  const confirmed = typed.trim().toLocaleUpperCase(intl.locale) === word.toLocaleUpperCase(intl.locale);
  return (
    <ConfirmDialog
      open={open}
      danger
      title={intl.formatMessage(messages.eraseTitle, { name })}
      confirmLabel={<FormattedMessage {...messages.eraseConfirm} />}
      confirmDisabled={!confirmed}
      pending={erase.isPending}
      error={erase.error}
      onCancel={() => {
        setTyped('');
        erase.reset();
        onClose();
      }}
      onConfirm={() => erase.mutate({ visitorId: record.id })}
    >
      <p className="dialog-warning">
        <FormattedMessage {...messages.eraseExplain} />
      </p>
      <TextField
        label={intl.formatMessage(messages.eraseType, { word })}
        value={typed}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => setTyped(event.target.value)}
      />
    </ConfirmDialog>
  );
}
