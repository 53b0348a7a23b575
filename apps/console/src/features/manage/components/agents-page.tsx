import { type FormEvent, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { CopyField } from '../../../components/copy-field';
import { SelectField, TextField } from '../../../components/field';
import { Page, Section } from '../../../components/page';
import { RelativeTime } from '../../../components/relative-time';
import { EmptyState, ErrorState, FormError, Loading, Notice } from '../../../components/status';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { hasErrors, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import { MemberItem, RoleLabel, roleMessages } from '../../team';

const messages = defineMessages({
  title: { id: 'agents.title', defaultMessage: 'Agents' },
  description: {
    id: 'agents.description',
    defaultMessage: 'Invite people to answer chats with you, and manage pending invitations.',
  },
  inviteTitle: { id: 'agents.invite.title', defaultMessage: 'Add agent' },
  inviteDescription: {
    id: 'agents.invite.description',
    defaultMessage: 'We email an invitation link. The new agent sets their own name and password.',
  },
  email: { id: 'agents.invite.email', defaultMessage: 'Email' },
  role: { id: 'agents.invite.role', defaultMessage: 'Role' },
  roleHint: {
    id: 'agents.invite.roleHint',
    defaultMessage: 'Admins can also invite agents and change workspace settings.',
  },
  send: { id: 'agents.invite.send', defaultMessage: 'Send invitation' },
  sending: { id: 'agents.invite.sending', defaultMessage: 'Sending…' },
  emailed: defineMessage<{ email: string }>({
    id: 'agents.invite.emailed',
    defaultMessage: 'Invitation emailed to {email}.',
  }),
  linkReady: defineMessage<{ email: string }>({
    id: 'agents.invite.linkReady',
    defaultMessage:
      'Email is not set up on this server, so no email was sent. Send {email} this link yourself:',
  }),
  link: { id: 'agents.invite.link', defaultMessage: 'Invitation link' },
  pendingTitle: { id: 'agents.pending.title', defaultMessage: 'Pending invitations' },
  pendingEmpty: { id: 'agents.pending.empty', defaultMessage: 'No pending invitations.' },
  colEmail: { id: 'agents.col.email', defaultMessage: 'Email' },
  colRole: { id: 'agents.col.role', defaultMessage: 'Role' },
  colSent: { id: 'agents.col.sent', defaultMessage: 'Last sent' },
  colExpires: { id: 'agents.col.expires', defaultMessage: 'Expires' },
  colStatus: { id: 'agents.col.status', defaultMessage: 'Status' },
  colActions: { id: 'agents.col.actions', defaultMessage: 'Actions' },
  statusPending: { id: 'agents.status.pending', defaultMessage: 'Pending' },
  statusExpired: { id: 'agents.status.expired', defaultMessage: 'Expired' },
  resend: { id: 'agents.pending.resend', defaultMessage: 'Resend' },
  resendLabel: defineMessage<{ email: string }>({
    id: 'agents.pending.resendLabel',
    defaultMessage: 'Resend invitation to {email}',
  }),
  revoke: { id: 'agents.pending.revoke', defaultMessage: 'Revoke' },
  revokeLabel: defineMessage<{ email: string }>({
    id: 'agents.pending.revokeLabel',
    defaultMessage: 'Revoke invitation to {email}',
  }),
  revokeConfirm: defineMessage<{ email: string }>({
    id: 'agents.pending.revokeConfirm',
    defaultMessage: 'Revoke the invitation to {email}?',
  }),
  revoked: defineMessage<{ email: string }>({
    id: 'agents.pending.revoked',
    defaultMessage: 'Invitation to {email} revoked.',
  }),
  agentsTitle: { id: 'agents.list.title', defaultMessage: 'Agents in this workspace' },
});

type TInviteResult = TRouterOutputs['invitations']['create'];
type TInvitation = TRouterOutputs['invitations']['list'][number];
type TOutcome = { kind: 'sent'; email: string; result: TInviteResult } | { kind: 'revoked'; email: string };

function InviteOutcome({ outcome }: { outcome: TOutcome }) {
  const intl = useIntl();
  if (outcome.kind === 'revoked') {
    return <Notice>{intl.formatMessage(messages.revoked, { email: outcome.email })}</Notice>;
  }
  const { result, email } = outcome;
  return (
    <div className="invite-outcome">
      {result.link ? (
        <>
          <Notice>{intl.formatMessage(messages.linkReady, { email })}</Notice>
          <CopyField label={intl.formatMessage(messages.link)} value={result.link} />
        </>
      ) : (
        <Notice>{intl.formatMessage(messages.emailed, { email })}</Notice>
      )}
    </div>
  );
}

function InviteForm({ onOutcome }: { onOutcome: (outcome: TOutcome) => void }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'agent' | 'admin'>('agent');
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const create = trpc.invitations.create.useMutation({
    onSuccess: (result, input) => {
      onOutcome({ kind: 'sent', email: input.email, result });
      setEmail('');
      void utils.invitations.list.invalidate();
    },
  });
  const fieldErrors = useFieldErrors(clientErrors, create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields({ email }, { email: ['required', 'email'] });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    create.mutate({ email: email.trim(), role });
  }

  return (
    <form className="form form-inline" onSubmit={submit} noValidate>
      <TextField
        label={intl.formatMessage(messages.email)}
        name="email"
        type="email"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={fieldErrors.email}
      />
      <SelectField
        label={intl.formatMessage(messages.role)}
        hint={intl.formatMessage(messages.roleHint)}
        name="role"
        value={role}
        onChange={(event) => setRole(event.target.value as 'agent' | 'admin')}
        error={fieldErrors.role}
      >
        <option value="agent">{intl.formatMessage(roleMessages.agent)}</option>
        <option value="admin">{intl.formatMessage(roleMessages.admin)}</option>
      </SelectField>
      <FormError error={create.error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? (
            <FormattedMessage {...messages.sending} />
          ) : (
            <FormattedMessage {...messages.send} />
          )}
        </button>
      </div>
    </form>
  );
}

function InvitationRow({
  invitation,
  onOutcome,
}: {
  invitation: TInvitation;
  onOutcome: (outcome: TOutcome) => void;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const resend = trpc.invitations.resend.useMutation({
    onSuccess: (result) => {
      onOutcome({ kind: 'sent', email: invitation.email, result });
      void utils.invitations.list.invalidate();
    },
  });
  const revoke = trpc.invitations.revoke.useMutation({
    onSuccess: () => {
      onOutcome({ kind: 'revoked', email: invitation.email });
      void utils.invitations.list.invalidate();
    },
  });
  const email = invitation.email;
  return (
    <tr>
      <td data-label={intl.formatMessage(messages.colEmail)}>{email}</td>
      <td data-label={intl.formatMessage(messages.colRole)}>
        <RoleLabel role={invitation.role} />
      </td>
      <td data-label={intl.formatMessage(messages.colSent)}>
        <RelativeTime value={invitation.lastSentAt} />
      </td>
      <td data-label={intl.formatMessage(messages.colExpires)}>
        <RelativeTime value={invitation.expiresAt} />
      </td>
      <td data-label={intl.formatMessage(messages.colStatus)}>
        <span className={`badge ${invitation.status === 'expired' ? 'badge-warning' : 'badge-muted'}`}>
          {intl.formatMessage(
            invitation.status === 'expired' ? messages.statusExpired : messages.statusPending,
          )}
        </span>
      </td>
      <td className="cell-actions">
        <button
          type="button"
          className="button button-small"
          aria-label={intl.formatMessage(messages.resendLabel, { email })}
          disabled={resend.isPending}
          onClick={() => resend.mutate({ id: invitation.id })}
        >
          <FormattedMessage {...messages.resend} />
        </button>
        <button
          type="button"
          className="button button-small button-danger"
          aria-label={intl.formatMessage(messages.revokeLabel, { email })}
          disabled={revoke.isPending}
          onClick={() => {
            if (window.confirm(intl.formatMessage(messages.revokeConfirm, { email }))) {
              revoke.mutate({ id: invitation.id });
            }
          }}
        >
          <FormattedMessage {...messages.revoke} />
        </button>
        {resend.error || revoke.error ? <FormError error={resend.error ?? revoke.error} /> : null}
      </td>
    </tr>
  );
}

function PendingInvitations({ onOutcome }: { onOutcome: (outcome: TOutcome) => void }) {
  const intl = useIntl();
  const invitations = trpc.invitations.list.useQuery();
  if (invitations.isPending) return <Loading />;
  if (invitations.isError)
    return <ErrorState error={invitations.error} onRetry={() => invitations.refetch()} />;
  if (invitations.data.length === 0)
    return <EmptyState title={<FormattedMessage {...messages.pendingEmpty} />} />;
  return (
    <div className="table-wrap">
      <table className="table table-responsive">
        <caption className="visually-hidden">{intl.formatMessage(messages.pendingTitle)}</caption>
        <thead>
          <tr>
            <th scope="col">{intl.formatMessage(messages.colEmail)}</th>
            <th scope="col">{intl.formatMessage(messages.colRole)}</th>
            <th scope="col">{intl.formatMessage(messages.colSent)}</th>
            <th scope="col">{intl.formatMessage(messages.colExpires)}</th>
            <th scope="col">{intl.formatMessage(messages.colStatus)}</th>
            <th scope="col">
              <span className="visually-hidden">{intl.formatMessage(messages.colActions)}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invitations.data.map((invitation) => (
            <InvitationRow key={invitation.id} invitation={invitation} onOutcome={onOutcome} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AgentList() {
  const team = trpc.team.list.useQuery();
  if (team.isPending) return <Loading />;
  if (team.isError) return <ErrorState error={team.error} onRetry={() => team.refetch()} />;
  return (
    <ul className="member-list">
      {team.data.map((member) => (
        <MemberItem key={member.id} member={member} settingsLink />
      ))}
    </ul>
  );
}

export function AgentsPage() {
  const [outcome, setOutcome] = useState<TOutcome | null>(null);
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <Section
        title={<FormattedMessage {...messages.inviteTitle} />}
        description={<FormattedMessage {...messages.inviteDescription} />}
      >
        <InviteForm onOutcome={setOutcome} />
        {outcome ? <InviteOutcome outcome={outcome} /> : null}
      </Section>
      <Section title={<FormattedMessage {...messages.pendingTitle} />}>
        <PendingInvitations onOutcome={setOutcome} />
      </Section>
      <Section title={<FormattedMessage {...messages.agentsTitle} />}>
        <AgentList />
      </Section>
    </Page>
  );
}
