import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Section } from '../../../../components/page';
import { RelativeTime } from '../../../../components/relative-time';
import { trpc } from '../../../../lib/trpc';
import type { TVisitorRecord } from '../../types';

const messages = defineMessages({
  remindersTitle: { id: 'crm.record.reminders', defaultMessage: 'Reminders' },
  remindersEmpty: { id: 'crm.record.remindersEmpty', defaultMessage: 'No reminders.' },
  reminderDone: { id: 'crm.record.reminderDone', defaultMessage: 'Done' },
  reminderOverdue: { id: 'crm.record.reminderOverdue', defaultMessage: 'Overdue' },
  reminderDue: { id: 'crm.record.reminderDue', defaultMessage: 'Due' },
  reminderFor: defineMessage<{ name: string }>({
    id: 'crm.record.reminderFor',
    defaultMessage: 'for {name}',
  }),
});

export function Reminders({ record }: { record: TVisitorRecord }) {
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
