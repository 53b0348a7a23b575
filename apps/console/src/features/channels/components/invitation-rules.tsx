import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { SelectField, TextField } from '../../../components/field';
import type { TRuleDraft } from '../channel-form';

const messages = defineMessages({
  legend: { id: 'channel.rules.legend', defaultMessage: 'Automatic invitations' },
  hint: {
    id: 'channel.rules.hint',
    defaultMessage:
      'The widget shows the invitation of the first rule that matches the visitor. Their reply starts a chat, and you see which invitation they answered.',
  },
  none: { id: 'channel.rules.none', defaultMessage: 'No automatic invitations yet.' },
  rule: defineMessage<{ number: number }>({ id: 'channel.rules.rule', defaultMessage: 'Rule {number}' }),
  text: { id: 'channel.rules.text', defaultMessage: 'Invitation text' },
  textPlaceholder: { id: 'channel.rules.textPlaceholder', defaultMessage: 'Hello! Can I help you?' },
  seconds: { id: 'channel.rules.seconds', defaultMessage: 'Seconds on the page' },
  url: { id: 'channel.rules.url', defaultMessage: 'Page URL contains' },
  urlHint: {
    id: 'channel.rules.urlHint',
    defaultMessage:
      'A part of the address, * as a wildcard (e.g. /pricing or */checkout/*). Empty: any page.',
  },
  minVisits: { id: 'channel.rules.minVisits', defaultMessage: 'Minimum number of visits' },
  minVisitsHint: { id: 'channel.rules.minVisitsHint', defaultMessage: 'Empty: from the first visit.' },
  source: { id: 'channel.rules.source', defaultMessage: 'Visitor source' },
  any: { id: 'channel.rules.source.any', defaultMessage: 'Any' },
  search: { id: 'channel.rules.source.search', defaultMessage: 'Search engine' },
  referral: { id: 'channel.rules.source.referral', defaultMessage: 'Another site' },
  direct: { id: 'channel.rules.source.direct', defaultMessage: 'Direct' },
  campaign: { id: 'channel.rules.source.campaign', defaultMessage: 'Campaign (UTM)' },
  add: { id: 'channel.rules.add', defaultMessage: 'Add invitation rule' },
  remove: defineMessage<{ number: number }>({
    id: 'channel.rules.remove',
    defaultMessage: 'Remove rule {number}',
  }),
  up: defineMessage<{ number: number }>({ id: 'channel.rules.up', defaultMessage: 'Move rule {number} up' }),
});

const SOURCES = ['any', 'search', 'referral', 'direct', 'campaign'] as const;

/** F3: add, edit, reorder and remove the automatic invitation rules of a website channel. */
export function InvitationRulesEditor({
  rules,
  errors,
  onChange,
}: {
  rules: TRuleDraft[];
  errors: Record<string, string>;
  onChange: (rules: TRuleDraft[]) => void;
}) {
  const intl = useIntl();
  const update = (index: number, patch: Partial<TRuleDraft>) =>
    onChange(rules.map((rule, at) => (at === index ? { ...rule, ...patch } : rule)));
  const error = (index: number, field: string) => errors[`config.invitations.${index}.${field}`];

  return (
    <fieldset className="rules">
      <legend>
        <FormattedMessage {...messages.legend} />
      </legend>
      <p className="field-hint">
        <FormattedMessage {...messages.hint} />
      </p>
      {rules.length === 0 ? (
        <p className="muted">
          <FormattedMessage {...messages.none} />
        </p>
      ) : null}
      <ol className="rule-list">
        {rules.map((rule, index) => {
          const number = index + 1;
          return (
            <li key={rule.id} className="rule">
              <fieldset className="rule-fields">
                <legend>{intl.formatMessage(messages.rule, { number })}</legend>
                <TextField
                  label={intl.formatMessage(messages.text)}
                  value={rule.text}
                  maxLength={500}
                  placeholder={intl.formatMessage(messages.textPlaceholder)}
                  onChange={(event) => update(index, { text: event.target.value })}
                  error={error(index, 'text')}
                />
                <div className="rule-grid">
                  <TextField
                    label={intl.formatMessage(messages.seconds)}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={3600}
                    value={rule.secondsOnPage}
                    onChange={(event) => update(index, { secondsOnPage: event.target.value })}
                    error={error(index, 'secondsOnPage')}
                  />
                  <TextField
                    label={intl.formatMessage(messages.minVisits)}
                    hint={intl.formatMessage(messages.minVisitsHint)}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={1000}
                    value={rule.minVisits}
                    onChange={(event) => update(index, { minVisits: event.target.value })}
                    error={error(index, 'minVisits')}
                  />
                  <SelectField
                    label={intl.formatMessage(messages.source)}
                    value={rule.source}
                    onChange={(event) =>
                      update(index, { source: event.target.value as TRuleDraft['source'] })
                    }
                    error={error(index, 'source')}
                  >
                    {SOURCES.map((source) => (
                      <option key={source} value={source}>
                        {intl.formatMessage(messages[source])}
                      </option>
                    ))}
                  </SelectField>
                </div>
                <TextField
                  label={intl.formatMessage(messages.url)}
                  hint={intl.formatMessage(messages.urlHint)}
                  value={rule.urlPattern}
                  maxLength={500}
                  onChange={(event) => update(index, { urlPattern: event.target.value })}
                  error={error(index, 'urlPattern')}
                />
                <div className="form-actions">
                  {index > 0 ? (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => {
                        const next = [...rules];
                        [next[index - 1], next[index]] = [
                          next[index] as TRuleDraft,
                          next[index - 1] as TRuleDraft,
                        ];
                        onChange(next);
                      }}
                    >
                      {intl.formatMessage(messages.up, { number })}
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="button button-small button-danger"
                    onClick={() => onChange(rules.filter((_, at) => at !== index))}
                  >
                    {intl.formatMessage(messages.remove, { number })}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {rules.length < 20 ? (
        <div>
          <button
            type="button"
            className="button"
            onClick={() =>
              onChange([
                ...rules,
                {
                  id: crypto.randomUUID().slice(0, 36),
                  text: '',
                  secondsOnPage: '10',
                  urlPattern: '',
                  minVisits: '',
                  source: 'any',
                },
              ])
            }
          >
            <FormattedMessage {...messages.add} />
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
