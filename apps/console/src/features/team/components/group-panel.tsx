import { type FormEvent, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { Avatar } from '../../../components/avatar';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { SelectField, TextField } from '../../../components/field';
import { FormError, Notice } from '../../../components/status';
import type { TTeamChat } from '../../../lib/chat-types';
import { addableMembers } from '../../../lib/team-chats';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { useMe } from '../../../lib/use-me';
import { hasErrors, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import { PresenceDot } from './presence-dot';

const messages = defineMessages({
  rename: { id: 'group.rename', defaultMessage: 'Group name' },
  renameSubmit: { id: 'group.renameSubmit', defaultMessage: 'Rename' },
  renamed: { id: 'group.renamed', defaultMessage: 'Renamed.' },
  members: { id: 'group.members', defaultMessage: 'Members' },
  you: { id: 'group.you', defaultMessage: '(you)' },
  remove: { id: 'group.remove', defaultMessage: 'Remove' },
  removeLabel: defineMessage<{ name: string }>({
    id: 'group.removeLabel',
    defaultMessage: 'Remove {name} from the group',
  }),
  removeConfirm: defineMessage<{ name: string }>({
    id: 'group.removeConfirm',
    defaultMessage: 'Remove {name} from the group? They will no longer read it.',
  }),
  add: { id: 'group.add', defaultMessage: 'Add a member' },
  addSubmit: { id: 'group.addSubmit', defaultMessage: 'Add' },
  choose: { id: 'group.choose', defaultMessage: 'Choose a teammate' },
  everyoneIn: { id: 'group.everyoneIn', defaultMessage: 'Everyone in the team is a member.' },
  leave: { id: 'group.leave', defaultMessage: 'Leave group' },
  leaveTitle: defineMessage<{ name: string }>({
    id: 'group.leaveTitle',
    defaultMessage: 'Leave {name}?',
  }),
  leaveText: {
    id: 'group.leaveText',
    defaultMessage: 'You will no longer see this group or its messages, unless a member adds you again.',
  },
});

/** E2: the group's members, name and membership actions; any member may manage them. */
export function GroupPanel({ chat }: { chat: TTeamChat }) {
  const intl = useIntl();
  const me = useMe();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const team = trpc.team.list.useQuery();
  const [leaving, setLeaving] = useState(false);
  const conversationId = chat.id;
  const refresh = () => utils.team.chats.invalidate();
  const remove = trpc.team.removeMember.useMutation({ onSuccess: refresh });
  const leave = trpc.team.removeMember.useMutation({
    onSuccess: () => {
      utils.team.chats.setData(undefined, (list) => list?.filter((item) => item.id !== conversationId));
      setLeaving(false);
      navigate('/team/chats', { replace: true });
    },
  });
  const name = chat.title ?? '';

  return (
    <div className="visitor-panel group-panel">
      <RenameForm key={chat.title} chat={chat} />

      <section aria-label={intl.formatMessage(messages.members)}>
        <h3 className="details-heading">
          <FormattedMessage {...messages.members} />
        </h3>
        <ul className="group-members">
          {chat.members.map((member) => (
            <li key={member.id} className="group-member">
              <span className="member-avatar">
                <Avatar name={member.name} url={member.avatarUrl} size={28} />
                <PresenceDot presence={member.presence} />
              </span>
              <span className="group-member-name">
                <bdi>{member.name}</bdi>{' '}
                {member.id === me.id ? (
                  <span className="muted">
                    <FormattedMessage {...messages.you} />
                  </span>
                ) : null}
              </span>
              {member.id !== me.id ? (
                <button
                  type="button"
                  className="link-button"
                  aria-label={intl.formatMessage(messages.removeLabel, { name: member.name })}
                  disabled={remove.isPending}
                  onClick={() => {
                    if (window.confirm(intl.formatMessage(messages.removeConfirm, { name: member.name }))) {
                      remove.mutate({ conversationId, userId: member.id });
                    }
                  }}
                >
                  <FormattedMessage {...messages.remove} />
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        <FormError error={remove.error} />
      </section>

      <AddMemberForm chat={chat} team={team.data ?? []} />

      <div>
        <button type="button" className="button button-danger" onClick={() => setLeaving(true)}>
          <FormattedMessage {...messages.leave} />
        </button>
      </div>
      <ConfirmDialog
        open={leaving}
        danger
        title={intl.formatMessage(messages.leaveTitle, { name })}
        confirmLabel={<FormattedMessage {...messages.leave} />}
        pending={leave.isPending}
        error={leave.error}
        onCancel={() => {
          leave.reset();
          setLeaving(false);
        }}
        onConfirm={() => leave.mutate({ conversationId, userId: me.id })}
      >
        <p>
          <FormattedMessage {...messages.leaveText} />
        </p>
      </ConfirmDialog>
    </div>
  );
}

function RenameForm({ chat }: { chat: TTeamChat }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [title, setTitle] = useState(chat.title ?? '');
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const rename = trpc.team.renameGroup.useMutation({ onSuccess: () => utils.team.chats.invalidate() });
  const fieldErrors = useFieldErrors(clientErrors, rename.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields({ title }, { title: ['required'] });
    setClientErrors(errors);
    if (hasErrors(errors) || title.trim() === chat.title) return;
    rename.mutate({ conversationId: chat.id, title: title.trim() });
  }

  return (
    <form className="form group-rename" onSubmit={submit} noValidate>
      <TextField
        label={intl.formatMessage(messages.rename)}
        value={title}
        maxLength={80}
        autoComplete="off"
        onChange={(event) => {
          setTitle(event.target.value);
          rename.reset();
        }}
        error={fieldErrors.title}
      />
      <FormError error={rename.error} />
      {rename.isSuccess ? <Notice>{intl.formatMessage(messages.renamed)}</Notice> : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-small"
          disabled={rename.isPending || title.trim() === (chat.title ?? '')}
        >
          <FormattedMessage {...messages.renameSubmit} />
        </button>
      </div>
    </form>
  );
}

function AddMemberForm({
  chat,
  team,
}: {
  chat: TTeamChat;
  team: { id: string; name: string; disabled: boolean }[];
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [userId, setUserId] = useState('');
  const add = trpc.team.addMembers.useMutation({
    onSuccess: () => {
      setUserId('');
      void utils.team.chats.invalidate();
    },
  });
  const candidates = addableMembers(team, chat);

  if (candidates.length === 0) {
    return (
      <p className="muted">
        <FormattedMessage {...messages.everyoneIn} />
      </p>
    );
  }
  return (
    <form
      className="form-row"
      onSubmit={(event) => {
        event.preventDefault();
        if (userId) add.mutate({ conversationId: chat.id, userIds: [userId] });
      }}
    >
      <SelectField
        label={intl.formatMessage(messages.add)}
        value={userId}
        onChange={(event) => setUserId(event.target.value)}
      >
        <option value="">{intl.formatMessage(messages.choose)}</option>
        {candidates.map((member) => (
          <option key={member.id} value={member.id}>
            {member.name}
          </option>
        ))}
      </SelectField>
      <button type="submit" className="button" disabled={!userId || add.isPending}>
        <FormattedMessage {...messages.addSubmit} />
      </button>
      <FormError error={add.error} />
    </form>
  );
}
