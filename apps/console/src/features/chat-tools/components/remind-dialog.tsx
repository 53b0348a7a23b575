import { useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { SelectField, TextField } from '../../../components/field';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { useMe } from '../../../lib/use-me';
import { isoToLocalInput, localInputToIso } from '../reminders';

const messages = defineMessages({
  title: { id: 'tools.remind.title', defaultMessage: 'Set a reminder' },
  text: { id: 'tools.remind.text', defaultMessage: 'Remind about' },
  when: { id: 'tools.remind.when', defaultMessage: 'When' },
  who: { id: 'tools.remind.who', defaultMessage: 'Who' },
  me: { id: 'tools.remind.me', defaultMessage: 'Me' },
  submit: { id: 'tools.remind.submit', defaultMessage: 'Set reminder' },
});

/** C1: a reminder for me or a teammate, tied to this conversation and its visitor. */
export function RemindDialog({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const intl = useIntl();
  const me = useMe();
  const utils = trpc.useUtils();
  const team = trpc.team.list.useQuery();
  const [text, setText] = useState('');
  const [when, setWhen] = useState(() => isoToLocalInput(new Date(Date.now() + 60 * 60_000)));
  const [assigneeId, setAssigneeId] = useState(me.id);
  const remind = trpc.tools.remind.useMutation({
    onSuccess: () => {
      void utils.tools.reminders.invalidate();
      onClose();
    },
  });
  const fieldErrors = useFieldErrors({}, remind.error);
  const dueAt = localInputToIso(when);

  return (
    <ConfirmDialog
      open
      title={intl.formatMessage(messages.title)}
      confirmLabel={intl.formatMessage(messages.submit)}
      pending={remind.isPending}
      confirmDisabled={text.trim() === '' || !dueAt}
      error={remind.error}
      onCancel={onClose}
      onConfirm={() => {
        if (dueAt) remind.mutate({ conversationId, text: text.trim(), dueAt, assigneeId });
      }}
    >
      <TextField
        label={intl.formatMessage(messages.text)}
        value={text}
        maxLength={500}
        required
        error={fieldErrors.text}
        onChange={(event) => setText(event.target.value)}
      />
      <TextField
        type="datetime-local"
        // Seconds allowed: "in a minute" should not round to the next whole minute.
        step={1}
        label={intl.formatMessage(messages.when)}
        value={when}
        required
        error={fieldErrors.dueAt}
        onChange={(event) => setWhen(event.target.value)}
      />
      <SelectField
        label={intl.formatMessage(messages.who)}
        value={assigneeId}
        onChange={(event) => setAssigneeId(event.target.value)}
      >
        <option value={me.id}>{intl.formatMessage(messages.me)}</option>
        {(team.data ?? [])
          .filter((member) => member.id !== me.id && !member.disabled)
          .map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
      </SelectField>
    </ConfirmDialog>
  );
}
