import { useEffect, useMemo, useRef, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { Avatar } from '../../../components/avatar';
import { ErrorState, Loading } from '../../../components/status';
import { transcriptItems, withEarlierPage } from '../../../lib/chat-messages';
import type { TChatMessage, TTeamChat } from '../../../lib/chat-types';
import { markTeamChatRead } from '../../../lib/team-chats';
import { trpc } from '../../../lib/trpc';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useMe } from '../../../lib/use-me';
import { Composer, Transcript, useLoadEarlier, useMarkReadWhileVisible } from '../../chats';
import { setOpenTeamChat, useTeamOutbox, useTeamPendingMessages } from '../../live';
import { GroupPanel } from './group-panel';
import { PresenceDot, presenceMessages } from './presence-dot';
import { teamChatMessages, useTeamChatName } from './team-chat-list';

const messages = defineMessages({
  backToList: { id: 'teamChat.backToList', defaultMessage: 'Back to the team chats' },
  chatWith: defineMessage<{ name: string }>({ id: 'teamChat.title', defaultMessage: 'Team chat: {name}' }),
  members: { id: 'teamChat.membersButton', defaultMessage: 'Members' },
  closePanel: { id: 'teamChat.closePanel', defaultMessage: 'Close members' },
  empty: { id: 'teamChat.empty', defaultMessage: 'No messages yet. Say hello!' },
  privacy: {
    id: 'teamChat.privacy',
    defaultMessage: 'Only the members of this chat can read it.',
  },
});

/** One direct chat or group (E1/E2): the same transcript and composer as visitor chats. */
export function TeamChatView({ conversationId }: { conversationId: string }) {
  const chats = trpc.team.chats.useQuery();
  const history = trpc.team.messages.useQuery({ conversationId });
  const chat = chats.data?.find((item) => item.id === conversationId);
  if (history.isPending || chats.isPending) return <Loading />;
  if (history.isError) return <ErrorState error={history.error} onRetry={() => history.refetch()} />;
  if (chats.isError) return <ErrorState error={chats.error} onRetry={() => chats.refetch()} />;
  // Left or removed while looking at it: the history query is gone with the membership.
  if (!chat) return <ErrorState error={{ data: { code: 'NOT_FOUND' } }} />;
  return <LoadedTeamChat chat={chat} messages={history.data.messages} hasMore={history.data.hasMore} />;
}

function LoadedTeamChat({
  chat,
  messages: serverMessages,
  hasMore,
}: {
  chat: TTeamChat;
  messages: TChatMessage[];
  hasMore: boolean;
}) {
  const intl = useIntl();
  const me = useMe();
  const utils = trpc.useUtils();
  const outbox = useTeamOutbox();
  const nameOf = useTeamChatName();
  const conversationId = chat.id;
  const pending = useTeamPendingMessages(conversationId);
  const name = nameOf(chat);
  const other = chat.kind === 'direct' ? chat.members.find((member) => member.id !== me.id) : undefined;
  const [panelOpen, setPanelOpen] = useState(false);
  const closePanelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (panelOpen) closePanelButton.current?.focus();
  }, [panelOpen]);

  useDocumentTitle(intl.formatMessage(messages.chatWith, { name }));

  useEffect(() => {
    setOpenTeamChat(conversationId);
    return () => setOpenTeamChat(null);
  }, [conversationId]);

  // Mark read while the chat is open and the tab visible (unread badges).
  const read = trpc.team.read.useMutation({
    onSuccess: () => utils.team.chats.setData(undefined, (list) => markTeamChatRead(list, conversationId)),
  });
  const lastFromOthers = [...serverMessages].reverse().find((message) => message.agent?.id !== me.id)?.id;
  useMarkReadWhileVisible({
    active: chat.unread > 0 || !!lastFromOthers,
    trigger: `${conversationId} ${chat.unread} ${lastFromOthers}`,
    pending: read.isPending,
    markRead: () => read.mutate({ conversationId }),
  });

  const { loadingEarlier, loadEarlier } = useLoadEarlier(
    serverMessages[0]?.id,
    (before) => utils.client.team.messages.query({ conversationId, before }),
    (page) => utils.team.messages.setData({ conversationId }, (data) => withEarlierPage(data, page)),
  );

  const items = useMemo(() => transcriptItems(serverMessages, pending), [serverMessages, pending]);
  const isGroup = chat.kind === 'group';

  return (
    <div className={`chat-view ${isGroup ? '' : 'no-panel'} ${panelOpen ? 'panel-open' : ''}`}>
      <section className="chat-main" aria-label={intl.formatMessage(messages.chatWith, { name })}>
        <header className="chat-header">
          <Link to="/team/chats" className="button button-icon button-ghost chat-back">
            <span aria-hidden="true">←</span>
            <span className="visually-hidden">
              <FormattedMessage {...messages.backToList} />
            </span>
          </Link>
          {other ? (
            <span className="member-avatar">
              <Avatar name={other.name} url={other.avatarUrl} size={32} />
              <PresenceDot presence={other.presence} />
            </span>
          ) : (
            <span className="group-mark" aria-hidden="true">
              #
            </span>
          )}
          <div className="chat-title">
            <h1>
              <bdi>{name}</bdi>
            </h1>
            <span className="muted chat-channel">
              {other
                ? intl.formatMessage(presenceMessages[other.presence])
                : intl.formatMessage(teamChatMessages.members, { count: chat.members.length })}
            </span>
          </div>
          {isGroup ? (
            <div className="chat-actions">
              <button
                type="button"
                className="button button-small panel-toggle"
                aria-expanded={panelOpen}
                aria-controls="group-panel"
                onClick={() => setPanelOpen((value) => !value)}
              >
                <FormattedMessage {...messages.members} />
              </button>
            </div>
          ) : null}
        </header>
        {items.length === 0 ? (
          <p className="muted team-chat-empty">
            <FormattedMessage {...messages.empty} /> <FormattedMessage {...messages.privacy} />
          </p>
        ) : null}
        <Transcript
          items={items}
          visitorName=""
          invitationText={null}
          visitorReadAt={null}
          myName={me.name}
          ownId={me.id}
          hasMore={hasMore}
          loadingEarlier={loadingEarlier}
          onLoadEarlier={() => void loadEarlier()}
          onRetry={(clientId) => outbox.retry(clientId)}
          onDiscard={(clientId) => outbox.discard(clientId)}
        />
        <Composer
          key={conversationId}
          userId={me.id}
          conversationId={conversationId}
          sendTyping={false}
          onSend={(body) => outbox.add(conversationId, body)}
        />
      </section>
      {isGroup ? (
        <aside
          className="chat-panel"
          id="group-panel"
          aria-label={intl.formatMessage(messages.members)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && panelOpen) setPanelOpen(false);
          }}
        >
          {panelOpen ? (
            <div className="panel-close">
              <button
                type="button"
                className="button button-small"
                ref={closePanelButton}
                onClick={() => setPanelOpen(false)}
              >
                <FormattedMessage {...messages.closePanel} />
              </button>
            </div>
          ) : null}
          <GroupPanel chat={chat} />
        </aside>
      ) : null}
    </div>
  );
}
