import { defineMessages } from 'react-intl';

/** The save button and its confirmation, worded the same in every section of the page. */
export const saveMessages = defineMessages({
  save: { id: 'common.save', defaultMessage: 'Save' },
  saving: { id: 'common.saving', defaultMessage: 'Saving…' },
  saved: { id: 'common.saved', defaultMessage: 'Saved.' },
});
