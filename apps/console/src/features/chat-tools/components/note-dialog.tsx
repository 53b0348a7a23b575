import { useId, useRef, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { useCaretAfterRender } from '../hooks/use-caret-after-render';
import { insertMention, matchAgents, mentionQuery } from '../mentions';
import { listKeys, SuggestionList } from './suggestion-list';

const messages = defineMessages({
  title: { id: 'tools.note.title', defaultMessage: 'Private note' },
  body: { id: 'tools.note.body', defaultMessage: 'Note' },
  hint: {
    id: 'tools.note.hint',
    defaultMessage:
      'Only agents see notes; the visitor never does. Type @ to mention a teammate, who is notified.',
  },
  add: { id: 'tools.note.add', defaultMessage: 'Add note' },
  mentions: { id: 'tools.note.mentions', defaultMessage: 'Teammates to mention' },
});

/** C13: a private note with @mention autocomplete. */
export function NoteDialog({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const intl = useIntl();
  const me = useMe();
  const id = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const team = trpc.team.list.useQuery();
  const [body, setBody] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const note = trpc.tools.note.useMutation({ onSuccess: onClose });
  const placeCaret = useCaretAfterRender(textarea);

  const query = dismissed ? null : mentionQuery(body, caret);
  const agents = (team.data ?? []).filter((member) => member.id !== me.id && !member.disabled);
  const options = query ? matchAgents(agents, query.query) : [];

  function pick(name: string) {
    if (!query) return;
    const next = insertMention(body, caret, query.start, name);
    setBody(next.text);
    setCaret(next.caret);
    placeCaret(next.caret);
  }

  return (
    <ConfirmDialog
      open
      title={intl.formatMessage(messages.title)}
      confirmLabel={intl.formatMessage(messages.add)}
      pending={note.isPending}
      confirmDisabled={body.trim() === ''}
      error={note.error}
      onCancel={onClose}
      onConfirm={() => note.mutate({ conversationId, body: body.trim() })}
    >
      <div className="field composer-tools">
        <label htmlFor={id}>
          <FormattedMessage {...messages.body} />
        </label>
        <textarea
          id={id}
          ref={textarea}
          rows={4}
          maxLength={5000}
          value={body}
          aria-describedby={`${id}-hint`}
          aria-autocomplete="list"
          aria-controls={options.length > 0 ? `${id}-mentions` : undefined}
          aria-activedescendant={options.length > 0 ? `${id}-mentions-${active}` : undefined}
          onChange={(event) => {
            setBody(event.target.value);
            setCaret(event.target.selectionStart);
            setActive(0);
            setDismissed(false);
          }}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onKeyDown={(event) => {
            const handled = listKeys(event.key, options.length, active, {
              move: setActive,
              pick: () => {
                const option = options[active];
                if (option) pick(option.name);
              },
              close: () => setDismissed(true),
            });
            if (handled) {
              event.preventDefault();
              event.stopPropagation();
            }
          }}
        />
        {options.length > 0 ? (
          <SuggestionList
            id={`${id}-mentions`}
            label={intl.formatMessage(messages.mentions)}
            items={options}
            active={active}
            itemKey={(agent) => agent.id}
            render={(agent) => agent.name}
            onPick={(agent) => pick(agent.name)}
          />
        ) : null}
        <p className="field-hint" id={`${id}-hint`}>
          <FormattedMessage {...messages.hint} />
        </p>
      </div>
    </ConfirmDialog>
  );
}
