import { router } from '../../trpc';
import { addNoteProcedure } from './add-note';
import { createContactProcedure } from './create-contact';
import { deleteNoteProcedure } from './delete-note';
import { eraseVisitorProcedure } from './erase-visitor';
import { getVisitorRecordProcedure } from './get-visitor-record';
import { listVisitorsProcedure } from './list-visitors';
import { mergeVisitorsProcedure } from './merge-visitors';
import { setStatusProcedure } from './set-status';
import { updateContactProcedure } from './update-contact';

/** D1 CRM → Visitors: the visitor records. */
export const crmRouter = router({
  visitors: listVisitorsProcedure,
  visitor: getVisitorRecordProcedure,
  updateContact: updateContactProcedure,
  addNote: addNoteProcedure,
  deleteNote: deleteNoteProcedure,
  setStatus: setStatusProcedure,
  merge: mergeVisitorsProcedure,
  erase: eraseVisitorProcedure,
  createContact: createContactProcedure,
});
