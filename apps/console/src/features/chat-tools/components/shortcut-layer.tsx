import { useEffect, useRef, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useLocation, useNavigate } from 'react-router';
import { sortMine } from '../../../lib/conversation-lists';
import { trpc } from '../../../lib/trpc';
import { useFocusReturn } from '../../../lib/use-focus-return';
import { useMe } from '../../../lib/use-me';
import { useKeymap } from '../hooks/use-keymap';
import {
  actionFor,
  comboFromEvent,
  SHORTCUT_ACTIONS,
  type TShortcutAction,
  worksWhileTyping,
} from '../shortcuts';
import { actionMessages, useFormatCombo } from './shortcut-messages';
import '../chat-tools.css';

const messages = defineMessages({
  title: { id: 'shortcuts.overlay.title', defaultMessage: 'Keyboard shortcuts' },
  action: { id: 'shortcuts.overlay.action', defaultMessage: 'Action' },
  keys: { id: 'shortcuts.overlay.keys', defaultMessage: 'Keys' },
  none: { id: 'shortcuts.overlay.none', defaultMessage: 'not set' },
  canned: {
    id: 'shortcuts.overlay.canned',
    defaultMessage: 'Canned responses with a hotkey (in the message box)',
  },
  close: { id: 'shortcuts.overlay.close', defaultMessage: 'Close' },
  edit: { id: 'shortcuts.overlay.edit', defaultMessage: 'Change shortcuts' },
});

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** Buttons the chat view marks with data-shortcut; acting through them keeps one code path per action. */
const clickMarked = (name: string) => {
  const element = document.querySelector<HTMLButtonElement>(`[data-shortcut="${name}"]`);
  if (!element || element.disabled) return false;
  element.click();
  return true;
};

const composer = () => document.querySelector<HTMLTextAreaElement>('[data-shortcut="composer"] textarea');

/**
 * J5: listens for the agent's hotkeys anywhere in the console and shows the `?` overlay. Keys without
 * Ctrl/Alt/⌘ (like `?`) are ignored while typing in a field, so they still type.
 */
export function ShortcutLayer() {
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const utils = trpc.useUtils();
  const [keymap] = useKeymap(me.id);
  const [overlay, setOverlay] = useState(false);
  const state = useRef({ keymap, path: location.pathname });
  state.current = { keymap, path: location.pathname };

  useEffect(() => {
    const run = (action: TShortcutAction): boolean => {
      switch (action) {
        case 'nextChat':
        case 'previousChat': {
          // The order My chats shows them in.
          const list = sortMine(utils.chats.mine.getData() ?? []);
          if (list.length === 0) return false;
          const current = /^\/chats\/([^/]+)/.exec(state.current.path)?.[1];
          const index = list.findIndex((chat) => chat.id === current);
          const step = action === 'nextChat' ? 1 : -1;
          const next = list[index === -1 ? 0 : (index + step + list.length) % list.length];
          if (next) navigate(`/chats/${next.id}`);
          return true;
        }
        case 'accept':
        case 'leave':
        case 'transfer':
          return clickMarked(action);
        case 'focusComposer':
          composer()?.focus();
          return true;
        case 'toggleAway':
          document.querySelector<HTMLButtonElement>('button.away-switch')?.click();
          return true;
        case 'cannedResponses': {
          const box = composer();
          if (!box) {
            navigate('/settings/canned');
            return true;
          }
          box.focus();
          // Typing "/" opens the canned list; insertText goes through React's onChange like a keystroke.
          const before = box.value.slice(0, box.selectionStart);
          document.execCommand('insertText', false, before === '' || /\s$/.test(before) ? '/' : ' /');
          return true;
        }
        case 'showShortcuts':
          setOverlay(true);
          return true;
      }
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const combo = comboFromEvent(event);
      if (!combo) return;
      if (isTextField(event.target) && !worksWhileTyping(combo)) return;
      const action = actionFor(state.current.keymap, combo);
      if (action && run(action)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, utils]);

  return overlay ? <ShortcutOverlay onClose={() => setOverlay(false)} /> : null;
}

function ShortcutOverlay({ onClose }: { onClose: () => void }) {
  const intl = useIntl();
  const formatCombo = useFormatCombo();
  const me = useMe();
  const navigate = useNavigate();
  const [keymap] = useKeymap(me.id);
  const canned = trpc.tools.canned.useQuery();
  const dialog = useRef<HTMLDialogElement>(null);
  useFocusReturn();
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  const withHotkey = (canned.data ?? []).filter((item) => item.hotkey);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-label={intl.formatMessage(messages.title)}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-form">
        <h2 className="dialog-title">
          <FormattedMessage {...messages.title} />
        </h2>
        <table className="table shortcut-table">
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage {...messages.action} />
              </th>
              <th scope="col">
                <FormattedMessage {...messages.keys} />
              </th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUT_ACTIONS.map((action) => (
              <tr key={action}>
                <td>
                  <FormattedMessage {...actionMessages[action]} />
                </td>
                <td>
                  {keymap[action] ? (
                    <kbd>{formatCombo(keymap[action])}</kbd>
                  ) : (
                    intl.formatMessage(messages.none)
                  )}
                </td>
              </tr>
            ))}
            {withHotkey.map((item) => (
              <tr key={item.id}>
                <td>/{item.shortcut}</td>
                <td>
                  <kbd>{formatCombo(item.hotkey ?? '')}</kbd>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {withHotkey.length > 0 ? (
          <p className="muted">
            <FormattedMessage {...messages.canned} />
          </p>
        ) : null}
        <div className="dialog-actions">
          <button
            type="button"
            className="button"
            onClick={() => {
              onClose();
              navigate('/settings/shortcuts');
            }}
          >
            <FormattedMessage {...messages.edit} />
          </button>
          <button type="button" className="button button-primary" onClick={onClose}>
            <FormattedMessage {...messages.close} />
          </button>
        </div>
      </div>
    </dialog>
  );
}
