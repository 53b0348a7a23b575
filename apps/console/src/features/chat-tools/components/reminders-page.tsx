import { useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, type MessageDescriptor, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { Page, Section } from '../../../components/page';
import { EmptyState, ErrorState, FormError, Loading } from '../../../components/status';
import type { TReminder } from '../../../lib/chat-types';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { groupReminders } from '../reminders';
import '../chat-tools.css';

const messages = defineMessages({
  title: { id: 'reminders.title', defaultMessage: 'Reminders' },
  description: {
    id: 'reminders.description',
    defaultMessage: 'Set them from a chat with Remind. When one is due, its assignee is notified.',
  },
  scope: { id: 'reminders.scope', defaultMessage: 'Whose reminders' },
  mine: { id: 'reminders.mine', defaultMessage: 'Mine' },
  team: { id: 'reminders.team', defaultMessage: 'The team’s' },
  overdue: { id: 'reminders.overdue', defaultMessage: 'Overdue' },
  due: { id: 'reminders.due', defaultMessage: 'Due' },
  done: { id: 'reminders.done', defaultMessage: 'Done' },
  none: { id: 'reminders.none', defaultMessage: 'Nothing here.' },
  text: { id: 'reminders.text', defaultMessage: 'Reminder' },
  when: { id: 'reminders.when', defaultMessage: 'When' },
  who: { id: 'reminders.who', defaultMessage: 'For' },
  chat: { id: 'reminders.chat', defaultMessage: 'Chat' },
  openChat: { id: 'reminders.openChat', defaultMessage: 'Open' },
  actions: { id: 'reminders.actions', defaultMessage: 'Actions' },
  complete: { id: 'reminders.complete', defaultMessage: 'Done' },
  reopen: { id: 'reminders.reopen', defaultMessage: 'Not done' },
  delete: { id: 'reminders.delete', defaultMessage: 'Delete' },
});

/** D2: mine and the team's reminders, split into overdue, due and done; complete or delete them. */
export function RemindersPage() {
  const intl = useIntl();
  const [scope, setScope] = useState<'mine' | 'team'>('mine');
  const list = trpc.tools.reminders.useQuery({ scope });
  const team = trpc.team.list.useQuery();
  // Re-split every half minute: a due reminder turns overdue without a refetch.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const names = new Map((team.data ?? []).map((member) => [member.id, member.name]));

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <fieldset className="segmented" aria-label={intl.formatMessage(messages.scope)}>
        {(['mine', 'team'] as const).map((value) => (
          <label key={value} className="checkbox">
            <input type="radio" name="scope" checked={scope === value} onChange={() => setScope(value)} />{' '}
            <FormattedMessage {...messages[value]} />
          </label>
        ))}
      </fieldset>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        (() => {
          const groups = groupReminders(list.data, now);
          return (['overdue', 'due', 'done'] as const).map((group) => (
            <Section key={group} title={<FormattedMessage {...messages[group]} />}>
              <ReminderTable items={groups[group]} names={names} showWho={scope === 'team'} />
            </Section>
          ));
        })()
      )}
    </Page>
  );
}

function ReminderTable({
  items,
  names,
  showWho,
}: {
  items: TReminder[];
  names: Map<string, string>;
  showWho: boolean;
}) {
  const intl = useIntl();
  const me = useMe();
  const utils = trpc.useUtils();
  const refresh = () => utils.tools.reminders.invalidate();
  const complete = trpc.tools.completeReminder.useMutation({ onSuccess: refresh });
  const remove = trpc.tools.deleteReminder.useMutation({ onSuccess: refresh });
  if (items.length === 0) return <EmptyState title={<FormattedMessage {...messages.none} />} />;
  const th = (message: MessageDescriptor) => (
    <th scope="col">
      <FormattedMessage {...message} />
    </th>
  );
  return (
    <div className="table-wrap">
      <FormError error={complete.error ?? remove.error} />
      <table className="table">
        <thead>
          <tr>
            {th(messages.text)}
            {th(messages.when)}
            {showWho ? th(messages.who) : null}
            {th(messages.chat)}
            {th(messages.actions)}
          </tr>
        </thead>
        <tbody>
          {items.map((reminder) => (
            <tr key={reminder.id}>
              <td>{reminder.text}</td>
              <td>
                <time dateTime={reminder.dueAt}>
                  {intl.formatDate(new Date(reminder.dueAt), { dateStyle: 'medium', timeStyle: 'short' })}
                </time>
              </td>
              {showWho ? (
                <td>
                  {reminder.assigneeId === me.id
                    ? intl.formatMessage(messages.mine)
                    : names.get(reminder.assigneeId)}
                </td>
              ) : null}
              <td>
                {reminder.conversationId ? (
                  <Link to={`/chats/${reminder.conversationId}`}>
                    <FormattedMessage {...messages.openChat} />
                  </Link>
                ) : null}
              </td>
              <td>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`${intl.formatMessage(reminder.doneAt ? messages.reopen : messages.complete)}: ${reminder.text}`}
                  onClick={() => complete.mutate({ id: reminder.id, done: !reminder.doneAt })}
                >
                  <FormattedMessage {...(reminder.doneAt ? messages.reopen : messages.complete)} />
                </button>{' '}
                <button
                  type="button"
                  className="button button-small button-danger"
                  aria-label={`${intl.formatMessage(messages.delete)}: ${reminder.text}`}
                  onClick={() => remove.mutate({ id: reminder.id })}
                >
                  <FormattedMessage {...messages.delete} />
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
