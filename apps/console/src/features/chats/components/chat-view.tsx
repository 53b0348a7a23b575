import { useEffect, useMemo, useRef, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, type PrimitiveType, useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ErrorState, FormError, Loading } from '../../../components/status';
import { VisitorDot } from '../../../components/visitor-dot';
import { transcriptItems, withEarlierPage } from '../../../lib/chat-messages';
import type { TChatDetail } from '../../../lib/chat-types';
import { readErrorShape } from '../../../lib/errors';
import { trpc } from '../../../lib/trpc';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useMe } from '../../../lib/use-me';
import { useVisitorName } from '../../../lib/use-visitor-name';
import { BanNotice, ChatToolsBar } from '../../chat-tools';
import { ComposerMedia } from '../../files';
import { ReplyWindowBanner } from '../../integrations';
import { useOutbox, usePendingMessages, useVisitorTyping } from '../../live';
import { PointerPicker } from '../../pointer';
import { ChatRating } from '../../ratings';
import { TranslatorToggle } from '../../translator';
import { VisitorPanelById } from '../../visitors';
import { useLoadEarlier } from '../hooks/use-load-earlier';
import { useMarkReadWhileVisible } from '../hooks/use-mark-read';
import { useVisitorPanel } from '../hooks/use-visitor-panel';
import { Composer } from './composer';
import { Transcript } from './transcript';

const messages = defineMessages({
  accept: { id: 'chat.accept', defaultMessage: 'Accept' },
  waiting: { id: 'chat.waiting', defaultMessage: 'This chat is waiting for an agent.' },
  handledBy: defineMessage<{ name: PrimitiveType }>({
    id: 'chat.handledBy',
    defaultMessage: '{name} is handling this chat.',
  }),
  closedNote: { id: 'chat.closedNote', defaultMessage: 'This chat is closed.' },
  readOnly: { id: 'chat.readOnly', defaultMessage: 'Read-only transcript from the Archive.' },
  leave: { id: 'chat.leave', defaultMessage: 'Leave chat' },
  leaveTitle: defineMessage<{ name: PrimitiveType }>({
    id: 'chat.leaveTitle',
    defaultMessage: 'Leave the chat with {name}?',
  }),
  leaveText: {
    id: 'chat.leaveText',
    defaultMessage:
      'The visitor may still have questions while they are on the site. The chat closes when its last agent leaves.',
  },
  visitorInfo: { id: 'chat.visitorInfo', defaultMessage: 'Visitor info' },
  closePanel: { id: 'chat.closePanel', defaultMessage: 'Close visitor info' },
  typingLabel: { id: 'chat.typingPreview', defaultMessage: 'Visitor is typing' },
  typing: defineMessage<{ name: PrimitiveType }>({ id: 'chat.typing', defaultMessage: '{name} is typing:' }),
  backToList: { id: 'chat.backToList', defaultMessage: 'Back to the list' },
  chatWith: defineMessage<{ name: string }>({ id: 'chat.title', defaultMessage: 'Chat with {name}' }),
});

export { messages as chatViewMessages };

const WATCH_REFRESH_MS = 5_000;

function watchingFromOutside(detail: TChatDetail | undefined, myId: string): boolean {
  return Boolean(
    detail && detail.conversation.status === 'open' && !detail.conversation.agentIds.includes(myId),
  );
}

/** B6: the conversation in the middle (header, transcript, live preview, composer) and the visitor panel. */
export function ChatView({
  conversationId,
  readOnly = false,
}: {
  conversationId: string;
  readOnly?: boolean;
}) {
  const me = useMe();
  const chat = trpc.chats.get.useQuery(
    { conversationId },
    // Live messages reach only the agents in a chat (docs/live-chat.md); anyone else watching an open
    // one refreshes it.
    { refetchInterval: (query) => (watchingFromOutside(query.state.data, me.id) ? WATCH_REFRESH_MS : false) },
  );
  if (chat.isPending) return <Loading />;
  if (chat.isError) return <ErrorState error={chat.error} onRetry={() => chat.refetch()} />;
  return <LoadedChat detail={chat.data} readOnly={readOnly} />;
}

function LoadedChat({ detail, readOnly }: { detail: TChatDetail; readOnly: boolean }) {
  const intl = useIntl();
  const me = useMe();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const visitorName = useVisitorName();
  const outbox = useOutbox();
  const { conversation } = detail;
  const conversationId = conversation.id;
  const pending = usePendingMessages(conversationId);
  const typing = useVisitorTyping(conversationId);
  // The visitor record of the panel (one query, kept live by `visitor`/`visitor.changed` events): the
  // ban shown here follows it.
  const visitorQuery = trpc.visitors.get.useQuery(
    { visitorId: detail.visitor.id },
    { initialData: detail.visitor },
  );
  const visitor = visitorQuery.data;
  const panel = useVisitorPanel();
  const panelOpen = panel.open;
  const [confirmingLeave, setConfirmingLeave] = useState(false);
  const closePanelButton = useRef<HTMLButtonElement>(null);
  // The panel covers the conversation at narrow widths: move focus into it when it opens.
  const overlay = panelOpen && !panel.wide;
  useEffect(() => {
    if (overlay) closePanelButton.current?.focus();
  }, [overlay]);
  const name = visitorName(conversation.visitor);
  const mine = conversation.agentIds.includes(me.id);
  const open = conversation.status === 'open';
  const canWrite = !readOnly && open && mine;

  useDocumentTitle(intl.formatMessage(messages.chatWith, { name }));

  const accept = trpc.chats.accept.useMutation({
    onSuccess: (summary) => {
      utils.chats.get.setData({ conversationId }, (data) =>
        data ? { ...data, conversation: summary } : data,
      );
      utils.chats.inbox.setData(undefined, (list) => list?.filter((item) => item.id !== conversationId));
      utils.chats.mine.setData(undefined, (list) =>
        list ? [...list.filter((item) => item.id !== summary.id), summary] : list,
      );
    },
    onError: (error) => {
      if (readErrorShape(error).appCode === 'chat.already_taken')
        void utils.chats.get.invalidate({ conversationId });
    },
  });
  const leave = trpc.chats.leave.useMutation({
    onSuccess: () => {
      utils.chats.mine.setData(undefined, (list) => list?.filter((item) => item.id !== conversationId));
      navigate('/chats');
    },
  });
  const read = trpc.chats.read.useMutation({
    onSuccess: () => {
      const clear = <T extends { id: string; unread: number }>(list: T[] | undefined) =>
        list?.map((item) => (item.id === conversationId ? { ...item, unread: 0 } : item));
      utils.chats.mine.setData(undefined, clear);
    },
  });

  // Only my own chats count as read by me (B2 unread badges).
  const unread = conversation.unread;
  const lastVisitorMessage = [...detail.messages]
    .reverse()
    .find((message) => message.author === 'visitor')?.id;
  useMarkReadWhileVisible({
    active: !readOnly && mine && (unread > 0 || !!lastVisitorMessage),
    trigger: `${conversationId} ${unread} ${lastVisitorMessage}`,
    pending: read.isPending,
    markRead: () => read.mutate({ conversationId }),
  });

  const { loadingEarlier, loadEarlier } = useLoadEarlier(
    detail.messages[0]?.id,
    (before) => utils.client.chats.history.query({ conversationId, before }),
    (page) => utils.chats.get.setData({ conversationId }, (data) => withEarlierPage(data, page)),
  );

  const translator = (
    <TranslatorToggle
      conversationId={conversationId}
      translateTo={conversation.translateTo}
      canChange={canWrite}
    />
  );

  const items = useMemo(() => transcriptItems(detail.messages, pending), [detail.messages, pending]);
  const assigneeName = conversation.assignee?.name;

  return (
    <div className={`chat-view ${panelOpen ? 'panel-open' : 'panel-hidden'}`}>
      <section className="chat-main" aria-label={intl.formatMessage(messages.chatWith, { name })}>
        <header className="chat-header">
          <Link to={readOnly ? '/archive' : '/chats'} className="button button-icon button-ghost chat-back">
            <span aria-hidden="true">←</span>
            <span className="visually-hidden">
              <FormattedMessage {...messages.backToList} />
            </span>
          </Link>
          <VisitorDot online={conversation.visitor.online} />
          <div className="chat-title">
            <h1>
              <bdi>{name}</bdi>
            </h1>
            {conversation.subject ? (
              <p className="chat-subject">
                <bdi>{conversation.subject}</bdi>
              </p>
            ) : null}
            <bdi className="muted chat-channel">{conversation.channel.name}</bdi>
          </div>
          <div className="chat-actions">
            {readOnly ? translator : null}
            {!readOnly && open && mine ? (
              <button
                type="button"
                className="button button-small button-danger"
                data-shortcut="leave"
                disabled={leave.isPending}
                onClick={() => setConfirmingLeave(true)}
              >
                <FormattedMessage {...messages.leave} />
              </button>
            ) : null}
            <button
              type="button"
              className="button button-small panel-toggle"
              aria-expanded={panelOpen}
              aria-controls="visitor-panel"
              onClick={panel.toggle}
            >
              <FormattedMessage {...messages.visitorInfo} />
            </button>
          </div>
        </header>
        {readOnly ? null : (
          // The header keeps one row at 1280 px (the name, Leave chat, the panel toggle); the chat's
          // other actions share the tools row.
          <ChatToolsBar detail={detail} visitor={visitor}>
            {translator}
            {canWrite ? (
              <PointerPicker
                conversationId={conversationId}
                page={conversation.visitor.online ? conversation.visitor.currentPage : null}
              />
            ) : null}
          </ChatToolsBar>
        )}
        <ConfirmDialog
          open={confirmingLeave}
          title={<FormattedMessage {...messages.leaveTitle} values={{ name: <bdi>{name}</bdi> }} />}
          confirmLabel={<FormattedMessage {...messages.leave} />}
          danger
          pending={leave.isPending}
          error={leave.error}
          onConfirm={() => leave.mutate({ conversationId })}
          onCancel={() => setConfirmingLeave(false)}
        >
          <p>
            <FormattedMessage {...messages.leaveText} />
          </p>
        </ConfirmDialog>
        <Transcript
          items={items}
          visitorName={name}
          invitationText={conversation.invitationText}
          visitorReadAt={detail.visitorReadAt}
          myName={me.name}
          hasMore={detail.hasMore}
          loadingEarlier={loadingEarlier}
          onLoadEarlier={() => void loadEarlier()}
          onRetry={(clientId) => outbox.retry(clientId)}
          onDiscard={(clientId) => outbox.discard(clientId)}
        />
        {visitor.ban ? <BanNotice ban={visitor.ban} /> : null}
        {open ? null : <ChatRating conversationId={conversationId} />}
        {typing && !readOnly && open ? (
          <div className="typing-preview" role="status" aria-label={intl.formatMessage(messages.typingLabel)}>
            <span className="typing-dots" aria-hidden="true" />
            <span className="muted">
              <FormattedMessage {...messages.typing} values={{ name: <bdi>{name}</bdi> }} />
            </span>{' '}
            <bdi className="typing-text">{typing.text}</bdi>
          </div>
        ) : null}
        {canWrite ? (
          <ReplyWindowBanner conversationId={conversationId} lastMessageAt={conversation.lastMessageAt} />
        ) : null}
        {canWrite ? (
          <ComposerMedia key={conversationId} conversationId={conversationId}>
            <Composer
              key={conversationId}
              userId={me.id}
              conversationId={conversationId}
              onSend={(body) => outbox.add(conversationId, body)}
            />
          </ComposerMedia>
        ) : (
          <div className="chat-footer-note">
            {readOnly ? (
              <FormattedMessage {...messages.readOnly} />
            ) : !open ? (
              <FormattedMessage {...messages.closedNote} />
            ) : assigneeName && !mine ? (
              <FormattedMessage {...messages.handledBy} values={{ name: <bdi>{assigneeName}</bdi> }} />
            ) : (
              <>
                <span>
                  <FormattedMessage {...messages.waiting} />
                </span>
                <button
                  type="button"
                  className="button button-primary"
                  data-shortcut="accept"
                  disabled={accept.isPending}
                  onClick={() => accept.mutate({ conversationId })}
                >
                  <FormattedMessage {...messages.accept} />
                </button>
              </>
            )}
            <FormError error={accept.error} />
          </div>
        )}
      </section>
      <aside
        className="chat-panel"
        id="visitor-panel"
        aria-label={intl.formatMessage(messages.visitorInfo)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && overlay) panel.close();
        }}
      >
        {overlay ? (
          <div className="panel-close">
            <button
              type="button"
              className="button button-small"
              ref={closePanelButton}
              onClick={panel.close}
            >
              <FormattedMessage {...messages.closePanel} />
            </button>
          </div>
        ) : null}
        <VisitorPanelById visitorId={detail.visitor.id} initial={detail.visitor} />
        {open ? null : <ChatRating conversationId={conversationId} />}
      </aside>
    </div>
  );
}
