import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { FormError } from '../../../components/status';
import { readErrorShape } from '../../../lib/errors';
import { trpc } from '../../../lib/trpc';
import { languageName } from '../language-name';

const messages = defineMessages({
  translate: { id: 'translator.toggle', defaultMessage: 'Translate' },
  on: defineMessage<{ language: string }>({
    id: 'translator.on',
    defaultMessage: 'Visitor messages are translated to {language}',
  }),
  noTranslator: {
    id: 'translator.noTranslator',
    defaultMessage: 'No translator is set up. An admin can add one in Manage → Integrations.',
  },
});

/**
 * C7: the translator switch of one conversation (agents in the chat). Teammates see it flip through
 * the `conversation` live event, which carries `translateTo`.
 */
export function TranslatorToggle({
  conversationId,
  translateTo,
  canChange,
}: {
  conversationId: string;
  translateTo: string | null;
  canChange: boolean;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const set = trpc.translation.set.useMutation({
    onSuccess: (conversation) =>
      utils.chats.get.setData({ conversationId }, (data) => (data ? { ...data, conversation } : data)),
  });
  const on = translateTo !== null;
  const noTranslator = set.error && readErrorShape(set.error).appCode === 'integration.no_translator';
  return (
    <>
      {canChange ? (
        <button
          type="button"
          className="button button-small"
          aria-pressed={on}
          disabled={set.isPending}
          onClick={() => set.mutate({ conversationId, enabled: !on })}
        >
          <FormattedMessage {...messages.translate} />
        </button>
      ) : null}
      {on ? (
        <span className="muted translator-state">
          {intl.formatMessage(messages.on, { language: languageName(translateTo, intl.locale, 'to') })}
        </span>
      ) : null}
      {noTranslator ? (
        <p className="form-error" role="alert">
          <FormattedMessage {...messages.noTranslator} />
        </p>
      ) : (
        <FormError error={set.error} />
      )}
    </>
  );
}
