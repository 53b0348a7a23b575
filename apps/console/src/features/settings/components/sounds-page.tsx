import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { RadioGroup } from '../../../components/field';
import { Page, Section } from '../../../components/page';
import { VolumeField } from '../../../components/volume-field';
import { SOUND_CHOICES, type TSoundChoice } from '../../../lib/sound-preferences';
import { playSound } from '../../../lib/sounds';
import { useMe } from '../../../lib/use-me';
import { useSoundPreferences } from '../../notifications';

const messages = defineMessages({
  title: { id: 'sounds.title', defaultMessage: 'Sounds' },
  description: {
    id: 'sounds.description',
    defaultMessage:
      'Sounds play in this browser only. Whether you get chat request cards at all is the notification type in General.',
  },
  requests: { id: 'sounds.requests', defaultMessage: 'Chat requests' },
  enabled: { id: 'sounds.enabled', defaultMessage: 'Play a sound for new chat requests' },
  sound: { id: 'sounds.sound', defaultMessage: 'Notification sound' },
  chime: { id: 'sounds.choice.chime', defaultMessage: 'Chime' },
  bell: { id: 'sounds.choice.bell', defaultMessage: 'Bell' },
  pop: { id: 'sounds.choice.pop', defaultMessage: 'Pop' },
  volume: { id: 'sounds.volume', defaultMessage: 'Volume' },
  test: { id: 'sounds.test', defaultMessage: 'Play' },
  visitors: { id: 'sounds.visitors', defaultMessage: 'Visitors' },
  newVisitor: {
    id: 'sounds.newVisitor',
    defaultMessage: 'Play a sound when a new visitor arrives on the site',
  },
  general: { id: 'sounds.general', defaultMessage: 'Notification type' },
});

/** J4: notification sound on/off, which one, how loud; and the new-visitor sound. */
export function SoundsPage() {
  const intl = useIntl();
  const me = useMe();
  const [sounds, update] = useSoundPreferences(me.id);
  const choiceLabels: Record<TSoundChoice, string> = {
    chime: intl.formatMessage(messages.chime),
    bell: intl.formatMessage(messages.bell),
    pop: intl.formatMessage(messages.pop),
  };
  return (
    <Page
      title={messages.title}
      description={
        <>
          <FormattedMessage {...messages.description} />{' '}
          <Link to="/settings/general">
            <FormattedMessage {...messages.general} />
          </Link>
        </>
      }
    >
      <Section title={<FormattedMessage {...messages.requests} />}>
        <div className="form">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={sounds.enabled}
              onChange={(event) => update({ enabled: event.target.checked })}
            />
            <span>{intl.formatMessage(messages.enabled)}</span>
          </label>
          <RadioGroup
            legend={intl.formatMessage(messages.sound)}
            name="sound"
            value={sounds.sound}
            disabled={!sounds.enabled}
            options={SOUND_CHOICES.map((choice) => ({ value: choice, label: choiceLabels[choice] }))}
            onChange={(sound) => {
              update({ sound });
              playSound(sound, sounds.volume);
            }}
          />
          <VolumeField
            label={<FormattedMessage {...messages.volume} />}
            testLabel={<FormattedMessage {...messages.test} />}
            value={sounds.volume}
            onChange={(volume) => update({ volume })}
            onTest={() => playSound(sounds.sound, sounds.volume)}
          />
        </div>
      </Section>
      <Section title={<FormattedMessage {...messages.visitors} />}>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={sounds.newVisitor}
            onChange={(event) => {
              update({ newVisitor: event.target.checked });
              if (event.target.checked) playSound('visitor', sounds.volume);
            }}
          />
          <span>{intl.formatMessage(messages.newVisitor)}</span>
        </label>
      </Section>
    </Page>
  );
}
