import { type FormEvent, useId, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { TextField } from '../../../components/field';
import { Page, Section } from '../../../components/page';
import { EmptyState, ErrorState, FormError, Loading } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { isAdmin, useMe } from '../../../lib/use-me';
import { PLACEHOLDERS, type TCannedResponse } from '../canned';
import { useKeymap } from '../hooks/use-keymap';
import { comboFromEvent, findConflicts, isUsableCombo } from '../shortcuts';
import { actionMessages, useFormatCombo } from './shortcut-messages';
import '../chat-tools.css';

const messages = defineMessages({
  title: { id: 'canned.title', defaultMessage: 'Canned responses' },
  description: {
    id: 'canned.description',
    defaultMessage:
      'Type /shortcut in the composer to pick one. Team responses are for everyone (admins edit them); personal ones only you see.',
  },
  team: { id: 'canned.team', defaultMessage: 'Team responses' },
  personal: { id: 'canned.personal', defaultMessage: 'My responses' },
  add: { id: 'canned.add', defaultMessage: 'New canned response' },
  shortcut: { id: 'canned.shortcut', defaultMessage: 'Shortcut' },
  shortcutHint: {
    id: 'canned.shortcutHint',
    defaultMessage: 'Letters, digits, - and _; typed after a slash: /bye',
  },
  text: { id: 'canned.text', defaultMessage: 'Text' },
  textHint: defineMessage<{ list: string }>({
    id: 'canned.textHint',
    defaultMessage: 'Placeholders: {list}',
  }),
  hotkey: { id: 'canned.hotkey', defaultMessage: 'Hotkey (optional)' },
  hotkeyHint: {
    id: 'canned.hotkeyHint',
    defaultMessage: 'Focus the field and press a combination with Ctrl, Alt or ⌘; Backspace clears it.',
  },
  forTeam: { id: 'canned.forTeam', defaultMessage: 'Share with the team' },
  save: { id: 'canned.save', defaultMessage: 'Save' },
  create: { id: 'canned.create', defaultMessage: 'Add response' },
  edit: { id: 'canned.edit', defaultMessage: 'Edit' },
  cancel: { id: 'canned.cancel', defaultMessage: 'Cancel' },
  delete: { id: 'canned.delete', defaultMessage: 'Delete' },
  deleteTitle: defineMessage<{ shortcut: string }>({
    id: 'canned.deleteTitle',
    defaultMessage: 'Delete /{shortcut}?',
  }),
  empty: { id: 'canned.empty', defaultMessage: 'No canned responses yet.' },
  actions: { id: 'canned.actions', defaultMessage: 'Actions' },
  badHotkey: { id: 'canned.badHotkey', defaultMessage: 'Use Ctrl, Alt or ⌘ with the key.' },
  hotkeyTaken: defineMessage<{ owners: string }>({
    id: 'canned.hotkeyTaken',
    defaultMessage: 'Already used by: {owners}. Pick other keys.',
  }),
});

type TDraft = { shortcut: string; text: string; hotkey: string; personal: boolean };

/** C9: team and personal canned responses: create, edit, delete; shortcut, optional hotkey, placeholders. */
export function CannedPage() {
  const me = useMe();
  const list = trpc.tools.canned.useQuery();
  const admin = isAdmin(me);
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <Section title={<FormattedMessage {...messages.add} />}>
        <CannedForm canShare={admin} />
      </Section>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <>
          <Section title={<FormattedMessage {...messages.team} />}>
            <CannedList items={list.data.filter((item) => !item.personal)} editable={admin} />
          </Section>
          <Section title={<FormattedMessage {...messages.personal} />}>
            <CannedList items={list.data.filter((item) => item.personal)} editable />
          </Section>
        </>
      )}
    </Page>
  );
}

function HotkeyField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const intl = useIntl();
  const formatCombo = useFormatCombo();
  const [bad, setBad] = useState(false);
  return (
    <TextField
      label={intl.formatMessage(messages.hotkey)}
      hint={intl.formatMessage(messages.hotkeyHint)}
      error={error ?? (bad ? intl.formatMessage(messages.badHotkey) : undefined)}
      value={formatCombo(value)}
      readOnly
      onKeyDown={(event) => {
        if (event.key === 'Tab') return;
        event.preventDefault();
        if (event.key === 'Backspace' || event.key === 'Delete') {
          onChange('');
          setBad(false);
          return;
        }
        const combo = comboFromEvent(event.nativeEvent);
        if (!combo) return;
        const ok = isUsableCombo(combo) && !combo.startsWith('Shift+') && combo !== '?';
        setBad(!ok);
        if (ok) onChange(combo);
      }}
    />
  );
}

function CannedForm({
  initial,
  id: editId,
  canShare,
  onDone,
}: {
  initial?: TDraft;
  id?: string;
  canShare: boolean;
  onDone?: () => void;
}) {
  const intl = useIntl();
  const textId = useId();
  const me = useMe();
  const utils = trpc.useUtils();
  const [keymap] = useKeymap(me.id);
  const canned = trpc.tools.canned.useQuery();
  const [draft, setDraft] = useState<TDraft>(
    initial ?? { shortcut: '', text: '', hotkey: '', personal: !canShare },
  );
  const done = () => {
    void utils.tools.canned.invalidate();
    if (!editId) setDraft({ shortcut: '', text: '', hotkey: '', personal: !canShare });
    onDone?.();
  };
  const create = trpc.tools.createCanned.useMutation({ onSuccess: done });
  const update = trpc.tools.updateCanned.useMutation({ onSuccess: done });
  const mutation = editId ? update : create;
  const fieldErrors = useFieldErrors({}, mutation.error);
  // J5: a hotkey must not collide with a console shortcut or another response's hotkey.
  const clash = findConflicts(keymap, [
    ...(canned.data ?? [])
      .filter((item) => item.id !== editId)
      .map((item) => ({ owner: `/${item.shortcut}`, combo: item.hotkey })),
    { owner: 'this', combo: draft.hotkey || null },
  ]).find((conflict) => conflict.owners.includes('this'));
  const clashText = clash
    ? intl.formatMessage(messages.hotkeyTaken, {
        owners: clash.owners
          .filter((owner) => owner !== 'this')
          .map((owner) =>
            owner.startsWith('/')
              ? owner
              : intl.formatMessage(actionMessages[owner as keyof typeof actionMessages]),
          )
          .join(', '),
      })
    : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (clash) return;
    const common = {
      shortcut: draft.shortcut.trim().replace(/^\//, ''),
      text: draft.text.trim(),
      hotkey: draft.hotkey || null,
    };
    if (editId) update.mutate({ id: editId, ...common });
    else create.mutate({ ...common, personal: draft.personal });
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField
        label={intl.formatMessage(messages.shortcut)}
        hint={intl.formatMessage(messages.shortcutHint)}
        error={fieldErrors.shortcut}
        value={draft.shortcut}
        maxLength={31}
        required
        autoComplete="off"
        onChange={(event) => setDraft({ ...draft, shortcut: event.target.value })}
      />
      <div className="field">
        <label htmlFor={textId}>
          <FormattedMessage {...messages.text} />
        </label>
        <textarea
          id={textId}
          rows={3}
          maxLength={5000}
          required
          value={draft.text}
          aria-invalid={fieldErrors.text ? true : undefined}
          aria-describedby={`${textId}-hint`}
          onChange={(event) => setDraft({ ...draft, text: event.target.value })}
        />
        <p className="field-hint" id={`${textId}-hint`}>
          {intl.formatMessage(messages.textHint, { list: PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ') })}
        </p>
        {fieldErrors.text ? <p className="field-error">{fieldErrors.text}</p> : null}
      </div>
      <HotkeyField
        value={draft.hotkey}
        onChange={(hotkey) => setDraft({ ...draft, hotkey })}
        error={fieldErrors.hotkey ?? clashText}
      />
      {!editId && canShare ? (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={!draft.personal}
            onChange={(event) => setDraft({ ...draft, personal: !event.target.checked })}
          />{' '}
          <FormattedMessage {...messages.forTeam} />
        </label>
      ) : null}
      <FormError error={mutation.error} />
      <div className="form-row">
        <button
          type="submit"
          className="button button-primary"
          disabled={
            mutation.isPending ||
            draft.shortcut.trim() === '' ||
            draft.text.trim() === '' ||
            clash !== undefined
          }
        >
          <FormattedMessage {...(editId ? messages.save : messages.create)} />
        </button>
        {onDone ? (
          <button type="button" className="button" onClick={onDone}>
            <FormattedMessage {...messages.cancel} />
          </button>
        ) : null}
      </div>
    </form>
  );
}

function CannedList({ items, editable }: { items: TCannedResponse[]; editable: boolean }) {
  const intl = useIntl();
  const formatCombo = useFormatCombo();
  const utils = trpc.useUtils();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<TCannedResponse | null>(null);
  const remove = trpc.tools.deleteCanned.useMutation({
    onSuccess: () => {
      setDeleting(null);
      void utils.tools.canned.invalidate();
    },
  });
  if (items.length === 0) return <EmptyState title={<FormattedMessage {...messages.empty} />} />;
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage {...messages.shortcut} />
              </th>
              <th scope="col">
                <FormattedMessage {...messages.text} />
              </th>
              <th scope="col">
                <FormattedMessage {...messages.hotkey} />
              </th>
              {editable ? (
                <th scope="col">
                  <FormattedMessage {...messages.actions} />
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {items.map((item) =>
              editing === item.id ? (
                <tr key={item.id}>
                  <td colSpan={4}>
                    <CannedForm
                      id={item.id}
                      canShare={false}
                      initial={{
                        shortcut: item.shortcut,
                        text: item.text,
                        hotkey: item.hotkey ?? '',
                        personal: item.personal,
                      }}
                      onDone={() => setEditing(null)}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={item.id}>
                  <td>/{item.shortcut}</td>
                  <td style={{ whiteSpace: 'pre-wrap' }}>{item.text}</td>
                  <td>{item.hotkey ? <kbd>{formatCombo(item.hotkey)}</kbd> : null}</td>
                  {editable ? (
                    <td>
                      <button
                        type="button"
                        className="button button-small"
                        aria-label={`${intl.formatMessage(messages.edit)} /${item.shortcut}`}
                        onClick={() => setEditing(item.id)}
                      >
                        <FormattedMessage {...messages.edit} />
                      </button>{' '}
                      <button
                        type="button"
                        className="button button-small button-danger"
                        aria-label={`${intl.formatMessage(messages.delete)} /${item.shortcut}`}
                        onClick={() => setDeleting(item)}
                      >
                        <FormattedMessage {...messages.delete} />
                      </button>
                    </td>
                  ) : null}
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={deleting !== null}
        danger
        title={intl.formatMessage(messages.deleteTitle, { shortcut: deleting?.shortcut ?? '' })}
        confirmLabel={intl.formatMessage(messages.delete)}
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </>
  );
}
