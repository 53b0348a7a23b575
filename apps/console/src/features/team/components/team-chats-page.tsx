import { useEffect, useId, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useNavigate, useParams } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { TextField } from '../../../components/field';
import { EmptyState, ErrorState, Loading } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { useMe } from '../../../lib/use-me';
import { hasErrors, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import { TeamChatList } from './team-chat-list';
import { TeamChatView } from './team-chat-view';

const messages = defineMessages({
  title: { id: 'teamChats.title', defaultMessage: 'Team chats' },
  lists: { id: 'teamChats.lists', defaultMessage: 'Direct chats and groups' },
  newGroup: { id: 'teamChats.newGroup', defaultMessage: 'New group' },
  empty: { id: 'teamChats.empty', defaultMessage: 'No team chats yet' },
  emptyText: {
    id: 'teamChats.emptyText',
    defaultMessage: 'Click a teammate on the Team page to chat with them, or create a group.',
  },
  pick: { id: 'teamChats.pick', defaultMessage: 'Pick a chat on the left, or start a new group.' },
  groupTitle: { id: 'teamChats.create.title', defaultMessage: 'Group name' },
  groupMembers: { id: 'teamChats.create.members', defaultMessage: 'Members' },
  groupMembersHint: {
    id: 'teamChats.create.membersHint',
    defaultMessage: 'You are a member too. Only members can read a group.',
  },
  create: { id: 'teamChats.create.submit', defaultMessage: 'Create group' },
  noTeammates: {
    id: 'teamChats.create.noTeammates',
    defaultMessage: 'Invite teammates first (Manage → Agents).',
  },
});

/** E1/E2 (Takım → Gruplar): my direct chats and groups on the left, the open one in the middle. */
export function TeamChatsPage() {
  const intl = useIntl();
  const { conversationId = '' } = useParams();
  const chats = trpc.team.chats.useQuery();
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    if (!conversationId) document.title = `${intl.formatMessage(messages.title)} · Parley`;
  }, [conversationId, intl]);

  return (
    <div className={`chat-layout team-layout ${conversationId ? 'has-chat' : 'no-chat'}`}>
      <nav className="chat-lists" aria-label={intl.formatMessage(messages.lists)}>
        <div className="team-lists-head">
          <h2 className="chat-list-heading">
            <FormattedMessage {...messages.title} />
          </h2>
          <button type="button" className="button button-small" onClick={() => setCreating(true)}>
            <FormattedMessage {...messages.newGroup} />
          </button>
        </div>
        {chats.isPending ? (
          <Loading />
        ) : chats.isError ? (
          <ErrorState error={chats.error} onRetry={() => chats.refetch()} />
        ) : chats.data.length === 0 ? (
          <EmptyState title={<FormattedMessage {...messages.empty} />}>
            <FormattedMessage {...messages.emptyText} />
          </EmptyState>
        ) : (
          <TeamChatList chats={chats.data} label={intl.formatMessage(messages.title)} />
        )}
      </nav>
      {conversationId ? (
        <TeamChatView key={conversationId} conversationId={conversationId} />
      ) : (
        <div className="team-pick">
          <h1 className="visually-hidden">
            <FormattedMessage {...messages.title} />
          </h1>
          <EmptyState title={<FormattedMessage {...messages.pick} />} />
        </div>
      )}
      <NewGroupDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function NewGroupDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const intl = useIntl();
  const me = useMe();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const team = trpc.team.list.useQuery(undefined, { enabled: open });
  const legendId = useId();
  const [title, setTitle] = useState('');
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const create = trpc.team.createGroup.useMutation({
    onSuccess: (chat) => {
      utils.team.chats.setData(undefined, (list) =>
        list ? [...list.filter((item) => item.id !== chat.id), chat] : list,
      );
      close();
      navigate(`/team/chats/${chat.id}`);
    },
  });
  const fieldErrors = useFieldErrors(clientErrors, create.error);
  const teammates = (team.data ?? []).filter((member) => member.id !== me.id && !member.disabled);

  function close() {
    setTitle('');
    setMemberIds([]);
    setClientErrors({});
    create.reset();
    onClose();
  }

  function submit() {
    const errors = validateFields({ title }, { title: ['required'] });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    create.mutate({ title: title.trim(), memberIds });
  }

  return (
    <ConfirmDialog
      open={open}
      title={<FormattedMessage {...messages.newGroup} />}
      confirmLabel={<FormattedMessage {...messages.create} />}
      pending={create.isPending}
      error={create.error}
      onCancel={close}
      onConfirm={submit}
    >
      <TextField
        label={intl.formatMessage(messages.groupTitle)}
        value={title}
        maxLength={80}
        autoComplete="off"
        onChange={(event) => setTitle(event.target.value)}
        error={fieldErrors.title}
      />
      <fieldset className="fieldset member-picker" aria-describedby={legendId}>
        <legend>
          <FormattedMessage {...messages.groupMembers} />
        </legend>
        <p id={legendId} className="field-hint">
          <FormattedMessage {...messages.groupMembersHint} />
        </p>
        {team.isPending ? (
          <Loading />
        ) : teammates.length === 0 ? (
          <p className="muted">
            <FormattedMessage {...messages.noTeammates} />
          </p>
        ) : (
          teammates.map((member) => (
            <label key={member.id} className="checkbox">
              <input
                type="checkbox"
                checked={memberIds.includes(member.id)}
                onChange={(event) =>
                  setMemberIds((current) =>
                    event.target.checked ? [...current, member.id] : current.filter((id) => id !== member.id),
                  )
                }
              />
              <bdi>{member.name}</bdi>
            </label>
          ))
        )}
      </fieldset>
    </ConfirmDialog>
  );
}
