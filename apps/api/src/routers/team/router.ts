import { router } from '../../trpc';
import { addMembersProcedure } from './add-members';
import { createGroupProcedure } from './create-group';
import { listMessagesProcedure } from './list-messages';
import { listTeamProcedure } from './list-team';
import { listTeamChatsProcedure } from './list-team-chats';
import { markReadProcedure } from './mark-read';
import { openDirectProcedure } from './open-direct';
import { removeMemberProcedure } from './remove-member';
import { renameGroupProcedure } from './rename-group';
import { sendMessageProcedure } from './send-message';
import { watchPresenceProcedure } from './watch-presence';

/** E1/E2: the team list and chats between agents. */
export const teamRouter = router({
  chats: listTeamChatsProcedure,
  openDirect: openDirectProcedure,
  createGroup: createGroupProcedure,
  renameGroup: renameGroupProcedure,
  addMembers: addMembersProcedure,
  removeMember: removeMemberProcedure,
  messages: listMessagesProcedure,
  send: sendMessageProcedure,
  read: markReadProcedure,
  list: listTeamProcedure,
  onPresence: watchPresenceProcedure,
});
