import { router } from '../../trpc';
import { acceptChatProcedure } from './accept-chat';
import { getChatProcedure } from './get-chat';
import { getRatingProcedure } from './get-rating';
import { leaveChatProcedure } from './leave-chat';
import { listArchiveProcedure } from './list-archive';
import { listHistoryProcedure } from './list-history';
import { listInboxProcedure } from './list-inbox';
import { listMineProcedure } from './list-mine';
import { markReadProcedure } from './mark-read';
import { quickReplyProcedure } from './quick-reply';
import { resendMessageProcedure } from './resend-message';
import { sendBotMessageProcedure } from './send-bot-message';
import { sendMessageProcedure } from './send-message';
import { setTypingProcedure } from './set-typing';
import { startWithVisitorProcedure } from './start-with-visitor';

/** The console's chats with visitors: lists, one chat, sending, reading, leaving (docs/live-chat.md). */
export const chatsRouter = router({
  inbox: listInboxProcedure,
  mine: listMineProcedure,
  archive: listArchiveProcedure,
  get: getChatProcedure,
  history: listHistoryProcedure,
  accept: acceptChatProcedure,
  quickReply: quickReplyProcedure,
  send: sendMessageProcedure,
  resend: resendMessageProcedure,
  typing: setTypingProcedure,
  read: markReadProcedure,
  leave: leaveChatProcedure,
  startWithVisitor: startWithVisitorProcedure,
  rating: getRatingProcedure,
  sendAsBot: sendBotMessageProcedure,
});
