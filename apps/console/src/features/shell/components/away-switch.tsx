import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { useMeCache } from '../../../lib/use-update-me';

const messages = defineMessages({
  label: { id: 'shell.awaySwitch', defaultMessage: 'Away mode' },
  online: { id: 'shell.awaySwitch.online', defaultMessage: 'Online' },
  away: { id: 'shell.awaySwitch.away', defaultMessage: 'Away' },
  hint: {
    id: 'shell.awaySwitch.hint',
    defaultMessage: 'Away: new visitors see you as offline; your current chats go on.',
  },
});

/** B8: green when online, yellow when away. A switch, so screen readers announce it as on/off. */
export function AwaySwitch() {
  const intl = useIntl();
  const me = useMe();
  const meCache = useMeCache();
  const setPresence = trpc.presence.set.useMutation({
    onMutate: ({ presence }) => {
      const previous = me.presence;
      meCache.patch({ presence });
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context) meCache.patch({ presence: context.previous });
    },
    onSettled: () => meCache.invalidate(),
  });
  const away = me.presence === 'away';
  return (
    <button
      type="button"
      role="switch"
      aria-checked={away}
      aria-label={intl.formatMessage(messages.label)}
      title={intl.formatMessage(messages.hint)}
      className={`away-switch ${away ? 'is-away' : 'is-online'}`}
      aria-busy={setPresence.isPending}
      onClick={() => {
        if (!setPresence.isPending) setPresence.mutate({ presence: away ? 'online' : 'away' });
      }}
    >
      <span className="away-switch-track" aria-hidden="true">
        <span className="away-switch-thumb" />
      </span>
      <span className="away-switch-text" aria-hidden="true">
        {away ? <FormattedMessage {...messages.away} /> : <FormattedMessage {...messages.online} />}
      </span>
    </button>
  );
}
