import { defineMessages, useIntl } from 'react-intl';
import { comboKeys, type TShortcutAction } from '../shortcuts';

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

/** Key names as people read them on their keyboard, in their language ("Alt+Aşağı ok"). */
const keyMessages = defineMessages({
  Ctrl: { id: 'shortcuts.key.ctrl', defaultMessage: 'Ctrl' },
  Alt: { id: 'shortcuts.key.alt', defaultMessage: 'Alt' },
  Shift: { id: 'shortcuts.key.shift', defaultMessage: 'Shift' },
  Meta: { id: 'shortcuts.key.meta', defaultMessage: '⌘' },
  ArrowDown: { id: 'shortcuts.key.arrowDown', defaultMessage: 'Down arrow' },
  ArrowUp: { id: 'shortcuts.key.arrowUp', defaultMessage: 'Up arrow' },
  ArrowLeft: { id: 'shortcuts.key.arrowLeft', defaultMessage: 'Left arrow' },
  ArrowRight: { id: 'shortcuts.key.arrowRight', defaultMessage: 'Right arrow' },
  Space: { id: 'shortcuts.key.space', defaultMessage: 'Space' },
  Enter: { id: 'shortcuts.key.enter', defaultMessage: 'Enter' },
  Escape: { id: 'shortcuts.key.escape', defaultMessage: 'Esc' },
  Tab: { id: 'shortcuts.key.tab', defaultMessage: 'Tab' },
  Home: { id: 'shortcuts.key.home', defaultMessage: 'Home' },
  End: { id: 'shortcuts.key.end', defaultMessage: 'End' },
  PageUp: { id: 'shortcuts.key.pageUp', defaultMessage: 'Page Up' },
  PageDown: { id: 'shortcuts.key.pageDown', defaultMessage: 'Page Down' },
  Insert: { id: 'shortcuts.key.insert', defaultMessage: 'Insert' },
});

/** Shows a stored combo ("Alt+ArrowDown") with translated key names ("Alt+Down arrow"). */
export function useFormatCombo(): (combo: string) => string {
  const intl = useIntl();
  return (combo) =>
    comboKeys(combo)
      .map((key) =>
        Object.hasOwn(keyMessages, key)
          ? intl.formatMessage(keyMessages[key as keyof typeof keyMessages])
          : key,
      )
      .join('+');
}
