import { defineMessage } from 'react-intl';

/** The record's number as the page title shows it, and the merge picker beside each candidate. */
export const visitorNumberMessage = defineMessage<{ number: number }>({
  id: 'crm.record.number',
  defaultMessage: 'Visitor no. {number, number, ::group-off}',
});
