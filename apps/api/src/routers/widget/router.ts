import { router } from '../../trpc';
import { endChatProcedure } from './end-chat';
import { getRatingProcedure } from './get-rating';
import { listHistoryProcedure } from './list-history';
import { markReadProcedure } from './mark-read';
import { pingProcedure } from './ping';
import { rateChatProcedure } from './rate-chat';
import { sendMessageProcedure } from './send-message';
import { sendOfflineMessageProcedure } from './send-offline-message';
import { sendPageSnapshotProcedure } from './send-page-snapshot';
import { sendTranscriptProcedure } from './send-transcript';
import { setContactProcedure } from './set-contact';
import { setTypingProcedure } from './set-typing';
import { startWidgetProcedure } from './start-widget';
import { watchEventsProcedure } from './watch-events';

/** The widget's calls: the visitor token names the visitor, its account and its channel. */
export const widgetRouter = router({
  start: startWidgetProcedure,
  send: sendMessageProcedure,
  typing: setTypingProcedure,
  read: markReadProcedure,
  setContact: setContactProcedure,
  offlineMessage: sendOfflineMessageProcedure,
  pageSnapshot: sendPageSnapshotProcedure,
  ping: pingProcedure,
  history: listHistoryProcedure,
  events: watchEventsProcedure,
  rate: rateChatProcedure,
  rating: getRatingProcedure,
  transcript: sendTranscriptProcedure,
  end: endChatProcedure,
});
