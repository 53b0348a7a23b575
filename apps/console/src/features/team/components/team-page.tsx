import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { Page } from '../../../components/page';
import { EmptyState, ErrorState, FormError, Loading } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { isAdmin, useMe } from '../../../lib/use-me';
import { MemberItem, type TMember } from './member-item';
import { presenceMessages } from './presence-dot';

const messages = defineMessages({
  title: { id: 'team.title', defaultMessage: 'Team' },
  description: {
    id: 'team.description',
    defaultMessage:
      'Everyone in your workspace. The dot shows who is online (green), away (yellow) or offline (white). Click a name to chat with that teammate.',
  },
  chatWith: defineMessage<{ name: string }>({ id: 'team.chatWith', defaultMessage: 'Chat with {name}' }),
  chats: { id: 'team.chatsLink', defaultMessage: 'Your team chats and groups' },
  listLabel: { id: 'team.listLabel', defaultMessage: 'Team members' },
  you: { id: 'team.you', defaultMessage: '(you)' },
  empty: { id: 'team.empty', defaultMessage: 'No one here yet.' },
  summary: defineMessage<{ online: number; away: number }>({
    id: 'team.summary',
    defaultMessage: '{online, number} online · {away, number} away',
  }),
});

const presenceOrder = { online: 0, away: 1, offline: 2 } as const;

function sortMembers(members: TMember[]): TMember[] {
  return [...members].sort(
    (a, b) =>
      Number(a.disabled) - Number(b.disabled) ||
      presenceOrder[a.presence] - presenceOrder[b.presence] ||
      a.name.localeCompare(b.name),
  );
}

export function TeamPage() {
  const intl = useIntl();
  const me = useMe();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  // Presence changes arrive through the shell's subscription, which writes into this query's cache.
  const team = trpc.team.list.useQuery();
  // E1: a click on a teammate opens our direct chat (the server reuses the existing one).
  const openDirect = trpc.team.openDirect.useMutation({
    onSuccess: (chat) => {
      utils.team.chats.setData(undefined, (list) =>
        list ? [...list.filter((item) => item.id !== chat.id), chat] : list,
      );
      navigate(`/team/chats/${chat.id}`);
    },
  });

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      {team.isPending ? (
        <Loading />
      ) : team.isError ? (
        <ErrorState error={team.error} onRetry={() => team.refetch()} />
      ) : team.data.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.empty} />} />
      ) : (
        <>
          <p className="muted team-summary">
            <Link to="/team/chats">
              <FormattedMessage {...messages.chats} />
            </Link>
            <span aria-hidden="true"> · </span>
            <FormattedMessage
              {...messages.summary}
              values={{
                online: team.data.filter((member) => member.presence === 'online' && !member.disabled).length,
                away: team.data.filter((member) => member.presence === 'away' && !member.disabled).length,
              }}
            />
          </p>
          <ul className="member-list" aria-label={intl.formatMessage(messages.listLabel)}>
            {sortMembers(team.data).map((member) => (
              <MemberItem
                key={member.id}
                member={member}
                label={`${member.name}, ${intl.formatMessage(presenceMessages[member.presence])}`}
                settingsLink={isAdmin(me)}
                name={
                  <>
                    {member.id === me.id || member.disabled ? (
                      member.name
                    ) : (
                      <button
                        type="button"
                        className="link-button member-chat"
                        aria-label={intl.formatMessage(messages.chatWith, { name: member.name })}
                        title={intl.formatMessage(messages.chatWith, { name: member.name })}
                        disabled={openDirect.isPending}
                        onClick={() => openDirect.mutate({ userId: member.id })}
                      >
                        {member.name}
                      </button>
                    )}{' '}
                    {member.id === me.id ? (
                      <span className="muted">
                        <FormattedMessage {...messages.you} />
                      </span>
                    ) : null}
                  </>
                }
              />
            ))}
          </ul>
          <FormError error={openDirect.error} />
        </>
      )}
    </Page>
  );
}
