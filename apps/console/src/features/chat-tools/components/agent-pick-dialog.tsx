import { useId, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { SelectField } from '../../../components/field';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';

const messages = defineMessages({
  transferTitle: { id: 'tools.transfer.title', defaultMessage: 'Transfer the chat' },
  inviteTitle: { id: 'tools.invite.title', defaultMessage: 'Invite an agent' },
  agent: { id: 'tools.agent', defaultMessage: 'Agent' },
  choose: { id: 'tools.agent.choose', defaultMessage: 'Choose an agent' },
  comment: { id: 'tools.transfer.comment', defaultMessage: 'Comment for the agent (optional)' },
  commentHint: {
    id: 'tools.transfer.commentHint',
    defaultMessage: 'Only the agent sees it; the visitor is told politely who continues.',
  },
  transfer: { id: 'tools.transfer.submit', defaultMessage: 'Transfer' },
  invite: { id: 'tools.invite.submit', defaultMessage: 'Invite' },
  noAgents: { id: 'tools.agent.none', defaultMessage: 'No other agents in the team yet.' },
  online: { id: 'tools.agent.online', defaultMessage: 'online' },
  away: { id: 'tools.agent.away', defaultMessage: 'away' },
  offline: { id: 'tools.agent.offline', defaultMessage: 'offline' },
});

/** C2 transfer (with an optional comment) and C3 invite: pick a teammate. */
export function AgentPickDialog({
  mode,
  conversationId,
  exclude,
  onClose,
  onDone,
}: {
  mode: 'transfer' | 'invite';
  conversationId: string;
  exclude: string[];
  onClose: () => void;
  onDone: () => void;
}) {
  const intl = useIntl();
  const me = useMe();
  const commentId = useId();
  const team = trpc.team.list.useQuery();
  const [userId, setUserId] = useState('');
  const [comment, setComment] = useState('');
  const transfer = trpc.tools.transfer.useMutation({ onSuccess: onDone });
  const invite = trpc.tools.invite.useMutation({ onSuccess: onDone });
  const mutation = mode === 'transfer' ? transfer : invite;
  const agents = (team.data ?? []).filter(
    (member) => member.id !== me.id && !member.disabled && !exclude.includes(member.id),
  );

  return (
    <ConfirmDialog
      open
      title={intl.formatMessage(mode === 'transfer' ? messages.transferTitle : messages.inviteTitle)}
      confirmLabel={intl.formatMessage(mode === 'transfer' ? messages.transfer : messages.invite)}
      pending={mutation.isPending}
      confirmDisabled={userId === ''}
      error={mutation.error}
      onCancel={onClose}
      onConfirm={() => {
        if (mode === 'transfer')
          transfer.mutate({ conversationId, toUserId: userId, comment: comment.trim() || null });
        else invite.mutate({ conversationId, userId });
      }}
    >
      {team.isSuccess && agents.length === 0 ? (
        <p>
          <FormattedMessage {...messages.noAgents} />
        </p>
      ) : (
        <SelectField
          label={intl.formatMessage(messages.agent)}
          value={userId}
          onChange={(event) => setUserId(event.target.value)}
          required
        >
          <option value="">{intl.formatMessage(messages.choose)}</option>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name} (
              {intl.formatMessage(
                messages[agent.presence as 'online' | 'away' | 'offline'] ?? messages.offline,
              )}
              )
            </option>
          ))}
        </SelectField>
      )}
      {mode === 'transfer' ? (
        <div className="field">
          <label htmlFor={commentId}>
            <FormattedMessage {...messages.comment} />
          </label>
          <textarea
            id={commentId}
            rows={3}
            maxLength={1000}
            value={comment}
            aria-describedby={`${commentId}-hint`}
            onChange={(event) => setComment(event.target.value)}
          />
          <p className="field-hint" id={`${commentId}-hint`}>
            <FormattedMessage {...messages.commentHint} />
          </p>
        </div>
      ) : null}
    </ConfirmDialog>
  );
}
