import { useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Page, Section } from '../../../components/page';
import { browserStorage } from '../../../lib/drafts';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { useKeymap } from '../hooks/use-keymap';
import { useAssistantEnabled } from '../hooks/use-typing-assistant';
import {
  comboFromEvent,
  DEFAULT_KEYMAP,
  findConflicts,
  isUsableCombo,
  SHORTCUT_ACTIONS,
  type TKeymap,
} from '../shortcuts';
import { clearPhraseBook } from '../typing-assistant';
import { actionMessages, useFormatCombo } from './shortcut-messages';
import '../chat-tools.css';

const messages = defineMessages({
  title: { id: 'shortcuts.title', defaultMessage: 'Shortcuts and typing' },
  description: {
    id: 'shortcuts.description',
    defaultMessage: 'Your keys and typing help, kept in this browser only. Press ? anywhere to see the keys.',
  },
  keys: { id: 'shortcuts.keys', defaultMessage: 'Keyboard shortcuts' },
  keysHint: {
    id: 'shortcuts.keysHint',
    defaultMessage: 'Focus a field and press the new combination (with Ctrl, Alt or ⌘); Backspace clears it.',
  },
  save: { id: 'shortcuts.save', defaultMessage: 'Save shortcuts' },
  reset: { id: 'shortcuts.reset', defaultMessage: 'Restore defaults' },
  saved: { id: 'shortcuts.saved', defaultMessage: 'Shortcuts saved.' },
  unusable: {
    id: 'shortcuts.unusable',
    defaultMessage: 'Add Ctrl, Alt or ⌘: a plain key would stop you typing it.',
  },
  conflict: defineMessage<{ combo: string; owners: string }>({
    id: 'shortcuts.conflict',
    defaultMessage: '{combo} is used by: {owners}. Give each its own keys to save.',
  }),
  assistant: { id: 'shortcuts.assistant', defaultMessage: 'Typing assistant' },
  assistantHint: {
    id: 'shortcuts.assistantHint',
    defaultMessage:
      'Suggests the rest of sentences you often send; Tab accepts. It learns from what you send, in this browser only.',
  },
  assistantOn: { id: 'shortcuts.assistantOn', defaultMessage: 'Suggest sentences while I type' },
  forget: { id: 'shortcuts.forget', defaultMessage: 'Forget learnt sentences' },
  forgotten: { id: 'shortcuts.forgotten', defaultMessage: 'Learnt sentences deleted.' },
});

/** J5 keymap editor with conflict detection (also against canned hotkeys) and the C12 switch. */
export function ShortcutsPage() {
  const intl = useIntl();
  const formatCombo = useFormatCombo();
  const me = useMe();
  const [keymap, setKeymap] = useKeymap(me.id);
  const [draft, setDraft] = useState<TKeymap>(keymap);
  const [bad, setBad] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canned = trpc.tools.canned.useQuery();
  const [assistantOn, setAssistantOn] = useAssistantEnabled(me.id);

  const conflicts = findConflicts(
    draft,
    (canned.data ?? []).map((item) => ({ owner: `canned:${item.shortcut}`, combo: item.hotkey })),
  );
  const ownerName = (owner: string) =>
    owner.startsWith('canned:')
      ? `/${owner.slice(7)}`
      : intl.formatMessage(actionMessages[owner as keyof typeof actionMessages]);

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <Section
        title={<FormattedMessage {...messages.keys} />}
        description={<FormattedMessage {...messages.keysHint} />}
      >
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            if (conflicts.length > 0) return;
            setKeymap(draft);
            setNotice(intl.formatMessage(messages.saved));
          }}
        >
          {SHORTCUT_ACTIONS.map((action) => (
            <div className="field" key={action}>
              <label htmlFor={`shortcut-${action}`}>
                <FormattedMessage {...actionMessages[action]} />
              </label>
              <input
                id={`shortcut-${action}`}
                readOnly
                value={formatCombo(draft[action])}
                aria-invalid={
                  conflicts.some((c) => c.owners.includes(action)) || bad === action ? true : undefined
                }
                onKeyDown={(event) => {
                  if (event.key === 'Tab') return;
                  event.preventDefault();
                  setNotice(null);
                  if (event.key === 'Backspace' || event.key === 'Delete') {
                    setDraft({ ...draft, [action]: '' });
                    setBad(null);
                    return;
                  }
                  const combo = comboFromEvent(event.nativeEvent);
                  if (!combo) return;
                  if (!isUsableCombo(combo)) {
                    setBad(action);
                    return;
                  }
                  setBad(null);
                  setDraft({ ...draft, [action]: combo });
                }}
              />
              {bad === action ? <p className="field-error">{intl.formatMessage(messages.unusable)}</p> : null}
            </div>
          ))}
          {conflicts.map((conflict) => (
            <p key={conflict.combo} className="shortcut-conflict" role="alert">
              {intl.formatMessage(messages.conflict, {
                combo: formatCombo(conflict.combo),
                owners: conflict.owners.map(ownerName).join(', '),
              })}
            </p>
          ))}
          {notice ? (
            <p className="notice" role="status">
              {notice}
            </p>
          ) : null}
          <div className="form-row">
            <button type="submit" className="button button-primary" disabled={conflicts.length > 0}>
              <FormattedMessage {...messages.save} />
            </button>
            <button type="button" className="button" onClick={() => setDraft({ ...DEFAULT_KEYMAP })}>
              <FormattedMessage {...messages.reset} />
            </button>
          </div>
        </form>
      </Section>
      <Section
        title={<FormattedMessage {...messages.assistant} />}
        description={<FormattedMessage {...messages.assistantHint} />}
      >
        <label className="checkbox">
          <input
            type="checkbox"
            checked={assistantOn}
            onChange={(event) => setAssistantOn(event.target.checked)}
          />{' '}
          <FormattedMessage {...messages.assistantOn} />
        </label>
        <p>
          <button
            type="button"
            className="button"
            onClick={() => {
              clearPhraseBook(browserStorage(), me.id);
              setNotice(intl.formatMessage(messages.forgotten));
            }}
          >
            <FormattedMessage {...messages.forget} />
          </button>
        </p>
      </Section>
    </Page>
  );
}
