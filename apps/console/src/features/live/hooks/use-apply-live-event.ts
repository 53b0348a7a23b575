import { useQueryClient } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { useCallback } from 'react';
import { upsertMessage } from '../../../lib/chat-messages';
import type {
  TChatDetail,
  TConversationSummary,
  TLiveEvent,
  TOnlineVisitor,
  TVisitorBrief,
} from '../../../lib/chat-types';
import {
  belongsToInbox,
  belongsToMine,
  placeConversation,
  withMessage,
} from '../../../lib/conversation-lists';
import { applyDeliveryStatus } from '../../../lib/delivery';
import { isTeamChatMember, placeTeamChat } from '../../../lib/team-chats';
import { trpc } from '../../../lib/trpc';
import { useMeCache } from '../../../lib/use-update-me';
import { isTeamChatInView } from '../open-team-chat';

/**
 * Writes one live event into the react-query caches, so every screen showing that data updates at once
 * (docs/live-chat.md, "live.console"). Returns whether the visitor event was a new arrival (for J4).
 */
export function useApplyLiveEvent(myId: string) {
  const utils = trpc.useUtils();
  const queryClient = useQueryClient();
  const meCache = useMeCache();

  return useCallback(
    (event: TLiveEvent): { newVisitor?: boolean } => {
      const applyConversation = (conversation: TConversationSummary) => {
        utils.chats.inbox.setData(undefined, (list) =>
          placeConversation(list, conversation, belongsToInbox(conversation)),
        );
        utils.chats.mine.setData(undefined, (list) => {
          // The broadcast counts `unread` for the assignee; for a chat I joined without being its
          // assignee that number isn't mine, so keep the one we have (the next refetch corrects it).
          const previous = list?.find((item) => item.id === conversation.id);
          const unread =
            conversation.assignee?.id === myId || !previous ? conversation.unread : previous.unread;
          return placeConversation(list, { ...conversation, unread }, belongsToMine(conversation, myId));
        });
        utils.chats.get.setData({ conversationId: conversation.id }, (data) =>
          data ? { ...data, conversation } : data,
        );
      };
      const patchVisitorEverywhere = (visitor: TVisitorBrief) => {
        const patchSummary = (summary: TConversationSummary) =>
          summary.visitor.id === visitor.id
            ? { ...summary, visitor: { ...summary.visitor, ...visitor } }
            : summary;
        utils.chats.inbox.setData(undefined, (list) => list?.map(patchSummary));
        utils.chats.mine.setData(undefined, (list) => list?.map(patchSummary));
        queryClient.setQueriesData<TChatDetail>({ queryKey: getQueryKey(trpc.chats.get) }, (data) =>
          data && data.visitor.id === visitor.id
            ? {
                ...data,
                conversation: patchSummary(data.conversation),
                visitor: { ...data.visitor, online: visitor.online, currentPage: visitor.currentPage },
              }
            : data,
        );
      };

      switch (event.type) {
        case 'conversation':
          applyConversation(event.conversation);
          return {};
        case 'chat.transferred':
        case 'chat.invited':
          // Handed to me or invited: the chat enters My chats (the sender's copy leaves with the
          // `conversation` event that follows the system message).
          applyConversation(event.conversation);
          void utils.chats.get.invalidate({ conversationId: event.conversation.id });
          return {};
        case 'mention':
        case 'reminder':
          // Notifications only (features/chat-tools); the reminders list refetches when shown.
          if (event.type === 'reminder') void utils.tools.reminders.invalidate();
          return {};
        case 'processes.changed':
          // Another admin added, renamed, recoloured or reordered a customer process status.
          void utils.processes.list.invalidate();
          return {};
        case 'chat.request':
          applyConversation(event.conversation);
          utils.chats.get.setData({ conversationId: event.conversation.id }, (data) =>
            data ? { ...data, messages: upsertMessage(data.messages, event.message) } : data,
          );
          return {};
        case 'message': {
          const { message } = event;
          const touch = (list: TConversationSummary[] | undefined) =>
            list?.map((item) => withMessage(item, message, myId));
          utils.chats.inbox.setData(undefined, touch);
          utils.chats.mine.setData(undefined, touch);
          utils.chats.get.setData({ conversationId: message.conversationId }, (data) =>
            data
              ? {
                  ...data,
                  conversation: withMessage(data.conversation, message, myId),
                  messages: upsertMessage(data.messages, message),
                }
              : data,
          );
          return {};
        }
        case 'message.status':
          utils.chats.get.setData({ conversationId: event.conversationId }, (data) =>
            data ? { ...data, messages: applyDeliveryStatus(data.messages, event) } : data,
          );
          return {};
        case 'message.updated':
        case 'note':
          utils.chats.get.setData({ conversationId: event.message.conversationId }, (data) =>
            data ? { ...data, messages: upsertMessage(data.messages, event.message) } : data,
          );
          return {};
        case 'visitor.read':
          utils.chats.get.setData({ conversationId: event.conversationId }, (data) =>
            data && (data.visitorReadAt === null || data.visitorReadAt < event.at)
              ? { ...data, visitorReadAt: event.at }
              : data,
          );
          return {};
        case 'visitor': {
          const { channelId: _channelId, ...visitor } = event.visitor;
          patchVisitorEverywhere(visitor);
          let newVisitor = false;
          utils.visitors.online.setData(undefined, (list) => {
            if (!list) return list;
            const known = list.some((item) => item.id === visitor.id);
            newVisitor = !known && visitor.online;
            if (!visitor.online) return list.filter((item) => item.id !== visitor.id);
            return list.map(
              (item): TOnlineVisitor => (item.id === visitor.id ? { ...item, ...visitor } : item),
            );
          });
          utils.visitors.get.setData({ visitorId: visitor.id }, (data) =>
            data ? { ...data, online: visitor.online, currentPage: visitor.currentPage } : data,
          );
          // Pages this visit, time on site and the page history come from the full record.
          void utils.visitors.online.invalidate();
          void utils.visitors.get.invalidate({ visitorId: visitor.id });
          return { newVisitor };
        }
        case 'presence':
          utils.team.list.setData(undefined, (list) =>
            list?.map((member) =>
              member.id === event.userId ? { ...member, presence: event.presence } : member,
            ),
          );
          if (event.userId === myId && event.presence !== 'offline')
            meCache.patch({ presence: event.presence });
          return {};
        case 'typing':
        // C6: the pointer picker that asked takes it (pointer-picker.tsx); no cache holds it.
        case 'pointer.snapshot':
          return {};
        // H1: the call center (features/calls) keeps calls; their record lines arrive as messages.
        case 'call.ringing':
          applyConversation(event.conversation);
          return {};
        case 'call.updated':
        case 'call.signal':
          return {};
        case 'chat.rated':
          // G7: the chat and the visitor panel show the rating (features/ratings) from this cache.
          utils.chats.rating.setData({ conversationId: event.rating.conversationId }, event.rating);
          return {};
        case 'visitor.changed':
          // Contact data or the customer-process status changed (D1/D3): the record and the list refetch.
          void utils.crm.visitor.invalidate({ visitorId: event.visitorId });
          void utils.crm.visitors.invalidate();
          void utils.visitors.get.invalidate({ visitorId: event.visitorId });
          return {};
        case 'team.message':
          utils.team.messages.setData({ conversationId: event.message.conversationId }, (data) =>
            data ? { ...data, messages: upsertMessage(data.messages, event.message) } : data,
          );
          return {};
        case 'team.conversation': {
          const chat = isTeamChatInView(event.conversation.id)
            ? { ...event.conversation, unread: 0 }
            : event.conversation;
          utils.team.chats.setData(undefined, (list) => placeTeamChat(list, chat, myId));
          // Removed from a group (or left it): its history is no longer mine to read.
          if (!isTeamChatMember(chat, myId)) {
            queryClient.removeQueries({
              queryKey: getQueryKey(trpc.team.messages, { conversationId: chat.id }, 'query'),
            });
          }
          return {};
        }
      }
    },
    [utils, queryClient, meCache, myId],
  );
}
