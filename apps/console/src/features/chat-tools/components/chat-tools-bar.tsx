import { type ReactNode, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { FormError } from '../../../components/status';
import type { TChatDetail, TVisitorDetail } from '../../../lib/chat-types';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { AgentPickDialog } from './agent-pick-dialog';
import { BanDialog } from './ban-dialog';
import { NoteDialog } from './note-dialog';
import { RemindDialog } from './remind-dialog';
import { TagChip } from './tag-chip';
import { TagsDialog } from './tags-dialog';
import '../chat-tools.css';

const messages = defineMessages({
  toolbar: { id: 'tools.toolbar', defaultMessage: 'Chat tools' },
  transfer: { id: 'tools.transfer', defaultMessage: 'Transfer' },
  invite: { id: 'tools.invite', defaultMessage: 'Invite' },
  note: { id: 'tools.note', defaultMessage: 'Note' },
  ban: { id: 'tools.ban', defaultMessage: 'Ban' },
  unban: { id: 'tools.unban', defaultMessage: 'Unban' },
  tags: { id: 'tools.tags', defaultMessage: 'Tags' },
  remind: { id: 'tools.remind', defaultMessage: 'Remind' },
  tagList: { id: 'tools.tags.list', defaultMessage: 'Tags of this chat' },
});

type TOpen = 'transfer' | 'invite' | 'note' | 'ban' | 'tags' | 'remind' | null;

/**
 * C1–C5, C13 in the chat view: a row of tools under the header. Transfer and invite need me in the
 * chat (the server says so too); notes, tags, bans and reminders work on any chat I can see.
 */
export function ChatToolsBar({
  detail,
  visitor,
  children,
}: {
  detail: TChatDetail;
  visitor: TVisitorDetail;
  /** The chat view's own actions (translator, pointer), first in the row. */
  children?: ReactNode;
}) {
  const intl = useIntl();
  const me = useMe();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const [open, setOpen] = useState<TOpen>(null);
  const { conversation } = detail;
  const conversationId = conversation.id;
  const inChat = conversation.status === 'open' && conversation.agentIds.includes(me.id);
  const close = () => setOpen(null);
  const unban = trpc.tools.unban.useMutation({
    onSuccess: () =>
      Promise.all([utils.visitors.get.invalidate({ visitorId: visitor.id }), utils.tools.bans.invalidate()]),
  });
  const button = (which: Exclude<TOpen, null>, shortcut?: string) => (
    <button
      type="button"
      className="button button-small"
      data-shortcut={shortcut}
      onClick={() => setOpen(which)}
    >
      <FormattedMessage {...messages[which]} />
    </button>
  );

  return (
    <div className="tools-bar" role="toolbar" aria-label={intl.formatMessage(messages.toolbar)}>
      {children}
      {inChat ? button('transfer', 'transfer') : null}
      {inChat ? button('invite') : null}
      {button('note')}
      {button('tags')}
      {button('remind')}
      {visitor.ban ? (
        <button
          type="button"
          className="button button-small"
          disabled={unban.isPending}
          onClick={() => visitor.ban && unban.mutate({ banId: visitor.ban.id })}
        >
          <FormattedMessage {...messages.unban} />
        </button>
      ) : (
        button('ban')
      )}
      <FormError error={unban.error} />
      {conversation.tags.length > 0 ? (
        <ul className="tools-tags" aria-label={intl.formatMessage(messages.tagList)}>
          {conversation.tags.map((tag) => (
            <li key={tag.id}>
              <TagChip tag={tag} />
            </li>
          ))}
        </ul>
      ) : null}
      {open === 'transfer' || open === 'invite' ? (
        <AgentPickDialog
          mode={open}
          conversationId={conversationId}
          exclude={open === 'invite' ? conversation.agentIds : []}
          onClose={close}
          onDone={() => {
            if (open === 'transfer') {
              utils.chats.mine.setData(undefined, (list) =>
                list?.filter((item) => item.id !== conversationId),
              );
              navigate('/chats');
            } else {
              void utils.chats.get.invalidate({ conversationId });
              close();
            }
          }}
        />
      ) : null}
      {open === 'note' ? <NoteDialog conversationId={conversationId} onClose={close} /> : null}
      {open === 'tags' ? (
        <TagsDialog conversationId={conversationId} tags={conversation.tags} onClose={close} />
      ) : null}
      {open === 'remind' ? <RemindDialog conversationId={conversationId} onClose={close} /> : null}
      {open === 'ban' ? <BanDialog visitorId={visitor.id} ip={visitor.ip} onClose={close} /> : null}
    </div>
  );
}
