import { defineMessages } from 'react-intl';
import type { TShortcutAction } from '../../../lib/shortcuts';

/** J5: what each action is called, on the settings page and in the `?` overlay. */
export const actionMessages = defineMessages<TShortcutAction>({
  nextChat: { id: 'shortcuts.action.nextChat', defaultMessage: 'Next chat' },
  previousChat: { id: 'shortcuts.action.previousChat', defaultMessage: 'Previous chat' },
  accept: { id: 'shortcuts.action.accept', defaultMessage: 'Accept the chat' },
  leave: { id: 'shortcuts.action.leave', defaultMessage: 'Leave the chat' },
  transfer: { id: 'shortcuts.action.transfer', defaultMessage: 'Transfer the chat' },
  focusComposer: { id: 'shortcuts.action.focusComposer', defaultMessage: 'Go to the message box' },
  toggleAway: { id: 'shortcuts.action.toggleAway', defaultMessage: 'Switch away mode' },
  cannedResponses: { id: 'shortcuts.action.cannedResponses', defaultMessage: 'Canned responses' },
  showShortcuts: { id: 'shortcuts.action.showShortcuts', defaultMessage: 'Show shortcuts' },
});
