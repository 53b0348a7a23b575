import { router } from '../../trpc';
import { addNoteProcedure } from './add-note';
import { banVisitorProcedure } from './ban-visitor';
import { completeReminderProcedure } from './complete-reminder';
import { createCannedProcedure } from './create-canned';
import { createReminderProcedure } from './create-reminder';
import { createTagProcedure } from './create-tag';
import { deleteCannedProcedure } from './delete-canned';
import { deleteReminderProcedure } from './delete-reminder';
import { deleteTagProcedure } from './delete-tag';
import { inviteToChatProcedure } from './invite-to-chat';
import { listBansProcedure } from './list-bans';
import { listCannedProcedure } from './list-canned';
import { listRemindersProcedure } from './list-reminders';
import { listTagsProcedure } from './list-tags';
import { tagConversationProcedure } from './tag-conversation';
import { tagVisitorProcedure } from './tag-visitor';
import { transferChatProcedure } from './transfer-chat';
import { unbanProcedure } from './unban';
import { updateCannedProcedure } from './update-canned';
import { updateTagProcedure } from './update-tag';

/** C1–C5, C9, C13: what an agent does inside a conversation. */
export const toolsRouter = router({
  transfer: transferChatProcedure,
  invite: inviteToChatProcedure,
  note: addNoteProcedure,
  bans: listBansProcedure,
  ban: banVisitorProcedure,
  unban: unbanProcedure,
  tags: listTagsProcedure,
  tagConversation: tagConversationProcedure,
  tagVisitor: tagVisitorProcedure,
  updateTag: updateTagProcedure,
  deleteTag: deleteTagProcedure,
  reminders: listRemindersProcedure,
  remind: createReminderProcedure,
  completeReminder: completeReminderProcedure,
  deleteReminder: deleteReminderProcedure,
  canned: listCannedProcedure,
  createCanned: createCannedProcedure,
  updateCanned: updateCannedProcedure,
  deleteCanned: deleteCannedProcedure,
  createTag: createTagProcedure,
});
