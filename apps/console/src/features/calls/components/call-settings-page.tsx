import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { RadioGroup } from '../../../components/field';
import { Page, Section } from '../../../components/page';
import { VolumeField } from '../../../components/volume-field';
import { playSound } from '../../../lib/sounds';
import { useMe } from '../../../lib/use-me';
import { useSoundPreferences } from '../../notifications';
import {
  applySpeaker,
  canChooseSpeaker,
  microphoneProblem,
  openChosenMicrophone,
  RINGTONES,
  ringSound,
  type TMicrophoneProblem,
  type TRingtone,
  useCallSettings,
} from '../call-settings';

const messages = defineMessages({
  title: { id: 'callSettings.title', defaultMessage: 'Calls' },
  description: {
    id: 'callSettings.description',
    defaultMessage:
      'Your microphone, speaker and ringing for calls. They are kept for you in this browser on this computer, since devices differ from one computer to another.',
  },
  devices: { id: 'callSettings.devices', defaultMessage: 'Devices' },
  microphone: { id: 'callSettings.microphone', defaultMessage: 'Microphone' },
  speaker: { id: 'callSettings.speaker', defaultMessage: 'Speaker' },
  systemDefault: { id: 'callSettings.systemDefault', defaultMessage: 'System default' },
  unnamed: defineMessage<{ n: number }>({ id: 'callSettings.unnamed', defaultMessage: 'Device {n}' }),
  allow: { id: 'callSettings.allow', defaultMessage: 'Allow microphone access' },
  allowHint: {
    id: 'callSettings.allowHint',
    defaultMessage: 'The browser shows device names once Parley may use the microphone.',
  },
  noSinkId: {
    id: 'callSettings.noSinkId',
    defaultMessage:
      'This browser cannot choose a speaker for web pages: calls play on the system’s default output. Change it in your computer’s sound settings.',
  },
  denied: {
    id: 'callSettings.denied',
    defaultMessage:
      'The browser blocks the microphone for Parley. Allow it in the site settings (the icon left of the address), then try again.',
  },
  none: {
    id: 'callSettings.none',
    defaultMessage: 'No microphone was found. Connect one, then try again.',
  },
  busy: {
    id: 'callSettings.busy',
    defaultMessage: 'The microphone is in use by another program or could not be started.',
  },
  unsupported: {
    id: 'callSettings.unsupported',
    defaultMessage: 'This browser cannot use a microphone here (calls need HTTPS or localhost).',
  },
  echo: { id: 'callSettings.echo', defaultMessage: 'Echo test' },
  echoDescription: {
    id: 'callSettings.echoDescription',
    defaultMessage: 'Records a few seconds from your microphone, then plays them back on your speaker.',
  },
  echoStart: { id: 'callSettings.echoStart', defaultMessage: 'Start echo test' },
  echoStop: { id: 'callSettings.echoStop', defaultMessage: 'Stop' },
  recording: { id: 'callSettings.recording', defaultMessage: 'Recording: say something…' },
  playing: { id: 'callSettings.playing', defaultMessage: 'Playing back…' },
  done: {
    id: 'callSettings.done',
    defaultMessage: 'Done. Did you hear yourself? If not, choose another microphone or speaker.',
  },
  silent: {
    id: 'callSettings.silent',
    defaultMessage: 'The microphone picked up no sound. Check that it is not muted, or choose another one.',
  },
  level: { id: 'callSettings.level', defaultMessage: 'Microphone level' },
  levelText: defineMessage<{ level: number }>({
    id: 'callSettings.levelText',
    defaultMessage: '{level} percent',
  }),
  peak: defineMessage<{ level: number }>({ id: 'callSettings.peak', defaultMessage: 'Loudest: {level}%' }),
  ringing: { id: 'callSettings.ringing', defaultMessage: 'Ringing' },
  ringtone: { id: 'callSettings.ringtone', defaultMessage: 'Ringtone' },
  chat: { id: 'callSettings.ringtone.chat', defaultMessage: 'Same as chat requests (Settings → Sounds)' },
  chime: { id: 'sounds.choice.chime', defaultMessage: 'Chime' },
  bell: { id: 'sounds.choice.bell', defaultMessage: 'Bell' },
  pop: { id: 'sounds.choice.pop', defaultMessage: 'Pop' },
  volume: { id: 'callSettings.volume', defaultMessage: 'Ringing volume' },
  test: { id: 'callSettings.test', defaultMessage: 'Play ringtone' },
});

type TDevice = { deviceId: string; label: string };
type TEchoState = 'idle' | 'recording' | 'playing' | 'done' | 'silent';

const ECHO_SECONDS = 4;

/** The browser's audio devices of one kind; labels are empty until the microphone was allowed. */
async function listDevices(): Promise<{ inputs: TDevice[]; outputs: TDevice[]; labelled: boolean }> {
  const all = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  const pick = (kind: MediaDeviceKind) =>
    all
      .filter(
        (d) => d.kind === kind && d.deviceId && d.deviceId !== 'default' && d.deviceId !== 'communications',
      )
      .map((d) => ({ deviceId: d.deviceId, label: d.label }));
  return {
    inputs: pick('audioinput'),
    outputs: pick('audiooutput'),
    labelled: all.some((d) => d.kind === 'audioinput' && d.label),
  };
}

/** H3: Settings → Calls: microphone and speaker, an echo test with a level meter, ringtone and volume. */
export function CallSettingsPage() {
  const intl = useIntl();
  const me = useMe();
  const [settings, update] = useCallSettings(me.id);
  const [chatSounds] = useSoundPreferences(me.id);
  const [devices, setDevices] = useState<{ inputs: TDevice[]; outputs: TDevice[]; labelled: boolean } | null>(
    null,
  );
  const [problem, setProblem] = useState<TMicrophoneProblem | null>(null);
  const micId = useId();
  const speakerId = useId();
  const speakerSupported = canChooseSpeaker();

  const refresh = useCallback(async () => {
    try {
      setDevices(await listDevices());
    } catch {
      setDevices({ inputs: [], outputs: [], labelled: false });
    }
  }, []);

  useEffect(() => {
    void refresh();
    const media = navigator.mediaDevices;
    if (!media?.addEventListener) return;
    const onChange = () => void refresh();
    media.addEventListener('devicechange', onChange);
    return () => media.removeEventListener('devicechange', onChange);
  }, [refresh]);

  /** Asks for the microphone once, so the browser reveals the devices' names. */
  async function allow() {
    setProblem(null);
    try {
      const stream = await openChosenMicrophone(settings.microphoneId);
      for (const t of stream.getTracks()) t.stop();
      await refresh();
    } catch (err) {
      setProblem(microphoneProblem(err));
    }
  }

  const noMicrophone = devices !== null && devices.inputs.length === 0 && devices.labelled;
  const name = (d: TDevice, i: number) => d.label || intl.formatMessage(messages.unnamed, { n: i + 1 });
  const ringtoneLabels: Record<TRingtone, string> = {
    chat: intl.formatMessage(messages.chat),
    chime: intl.formatMessage(messages.chime),
    bell: intl.formatMessage(messages.bell),
    pop: intl.formatMessage(messages.pop),
  };

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <Section title={<FormattedMessage {...messages.devices} />}>
        <div className="form">
          {problem ? (
            <p className="form-error" role="alert">
              <FormattedMessage {...messages[problem]} />
            </p>
          ) : noMicrophone ? (
            <p className="form-error" role="alert">
              <FormattedMessage {...messages.none} />
            </p>
          ) : null}
          {devices && !devices.labelled ? (
            <div className="field">
              <p className="field-hint">
                <FormattedMessage {...messages.allowHint} />
              </p>
              <div>
                <button type="button" className="button button-small" onClick={() => void allow()}>
                  <FormattedMessage {...messages.allow} />
                </button>
              </div>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={micId}>
              <FormattedMessage {...messages.microphone} />
            </label>
            <select
              id={micId}
              value={
                devices?.inputs.some((d) => d.deviceId === settings.microphoneId) ? settings.microphoneId : ''
              }
              onChange={(event) => update({ microphoneId: event.target.value })}
            >
              <option value="">{intl.formatMessage(messages.systemDefault)}</option>
              {devices?.inputs.map((d, i) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {name(d, i)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={speakerId}>
              <FormattedMessage {...messages.speaker} />
            </label>
            <select
              id={speakerId}
              disabled={!speakerSupported}
              aria-describedby={speakerSupported ? undefined : `${speakerId}-note`}
              value={
                devices?.outputs.some((d) => d.deviceId === settings.speakerId) ? settings.speakerId : ''
              }
              onChange={(event) => update({ speakerId: event.target.value })}
            >
              <option value="">{intl.formatMessage(messages.systemDefault)}</option>
              {speakerSupported
                ? devices?.outputs.map((d, i) => (
                    <option key={d.deviceId} value={d.deviceId}>
                      {name(d, i)}
                    </option>
                  ))
                : null}
            </select>
            {speakerSupported ? null : (
              <p className="field-hint" id={`${speakerId}-note`}>
                <FormattedMessage {...messages.noSinkId} />
              </p>
            )}
          </div>
        </div>
      </Section>
      <EchoTest
        microphoneId={settings.microphoneId}
        speakerId={settings.speakerId}
        onProblem={setProblem}
        onAllowed={() => void refresh()}
      />
      <Section title={<FormattedMessage {...messages.ringing} />}>
        <div className="form">
          <RadioGroup
            legend={intl.formatMessage(messages.ringtone)}
            name="ringtone"
            value={settings.ringtone}
            options={RINGTONES.map((choice) => ({ value: choice, label: ringtoneLabels[choice] }))}
            onChange={(ringtone) => {
              update({ ringtone });
              const ring = ringSound({ ...settings, ringtone }, chatSounds);
              if (ring) playSound(ring.sound, ring.volume);
            }}
          />
          <VolumeField
            label={<FormattedMessage {...messages.volume} />}
            testLabel={<FormattedMessage {...messages.test} />}
            value={settings.ringVolume}
            disabled={settings.ringtone === 'chat'}
            onChange={(ringVolume) => update({ ringVolume })}
            onTest={() => {
              const ring = ringSound(settings, chatSounds);
              if (ring) playSound(ring.sound, ring.volume);
            }}
          />
        </div>
      </Section>
    </Page>
  );
}

/**
 * Records ECHO_SECONDS from the chosen microphone (a level meter moving meanwhile), then plays the
 * recording on the chosen speaker. The meter is `role="meter"` with a label and a spoken value.
 */
function EchoTest({
  microphoneId,
  speakerId,
  onProblem,
  onAllowed,
}: {
  microphoneId: string;
  speakerId: string;
  onProblem: (p: TMicrophoneProblem | null) => void;
  onAllowed: () => void;
}) {
  const intl = useIntl();
  const [state, setState] = useState<TEchoState>('idle');
  const [level, setLevel] = useState(0);
  const [peak, setPeak] = useState(0);
  const stopRef = useRef<(() => void) | null>(null);
  const player = useRef<HTMLAudioElement>(null);
  useEffect(() => () => stopRef.current?.(), []);

  async function start() {
    onProblem(null);
    setPeak(0);
    setLevel(0);
    let stream: MediaStream;
    try {
      stream = await openChosenMicrophone(microphoneId);
    } catch (err) {
      onProblem(microphoneProblem(err));
      return;
    }
    onAllowed();
    const audio = new AudioContext();
    const analyser = audio.createAnalyser();
    analyser.fftSize = 1024;
    audio.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let loudest = 0;
    const measure = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let max = 0;
      for (const s of samples) max = Math.max(max, Math.abs(s));
      const percent = Math.min(100, Math.round(max * 100));
      loudest = Math.max(loudest, percent);
      setLevel(percent);
      setPeak(loudest);
    }, 100);
    const chunks: Blob[] = [];
    const recorder = typeof MediaRecorder !== 'undefined' ? new MediaRecorder(stream) : null;
    let url: string | null = null;
    let stopped = false;
    const cleanUp = () => {
      clearInterval(measure);
      for (const t of stream.getTracks()) t.stop();
      void audio.close().catch(() => {});
    };
    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      cleanUp();
      if (recorder && recorder.state !== 'inactive') recorder.stop();
      else finish();
    };
    const finish = async () => {
      setLevel(0);
      if (loudest === 0 || !recorder || chunks.length === 0) {
        setState(loudest === 0 ? 'silent' : 'done');
        return;
      }
      url = URL.createObjectURL(new Blob(chunks, { type: recorder.mimeType }));
      const el = player.current;
      if (!el) return;
      await applySpeaker(el, speakerId);
      el.src = url;
      el.onended = () => {
        setState('done');
        if (url) URL.revokeObjectURL(url);
        stopRef.current = null;
      };
      setState('playing');
      stopRef.current = () => {
        el.pause();
        setState('done');
        if (url) URL.revokeObjectURL(url);
        stopRef.current = null;
      };
      await el.play().catch(() => setState('done'));
    };
    if (recorder) {
      recorder.ondataavailable = (e) => {
        if (e.data.size > 0) chunks.push(e.data);
      };
      recorder.onstop = () => void finish();
      recorder.start();
    }
    const timer = setTimeout(stop, ECHO_SECONDS * 1000);
    stopRef.current = stop;
    setState('recording');
  }

  const busy = state === 'recording' || state === 'playing';
  return (
    <Section
      title={<FormattedMessage {...messages.echo} />}
      description={<FormattedMessage {...messages.echoDescription} />}
    >
      <div className="form">
        <div className="volume-row">
          {busy ? (
            <button type="button" className="button button-small" onClick={() => stopRef.current?.()}>
              <FormattedMessage {...messages.echoStop} />
            </button>
          ) : (
            <button type="button" className="button button-small" onClick={() => void start()}>
              <FormattedMessage {...messages.echoStart} />
            </button>
          )}
          <meter
            className="level-meter"
            aria-label={intl.formatMessage(messages.level)}
            aria-valuetext={intl.formatMessage(messages.levelText, { level })}
            min={0}
            max={100}
            low={5}
            value={level}
          />
        </div>
        <p role="status" className="field-hint">
          {state === 'recording' ? <FormattedMessage {...messages.recording} /> : null}
          {state === 'playing' ? <FormattedMessage {...messages.playing} /> : null}
          {state === 'done' ? <FormattedMessage {...messages.done} /> : null}
          {state === 'silent' ? <FormattedMessage {...messages.silent} /> : null}
          {state !== 'idle' ? (
            <>
              {' '}
              <FormattedMessage {...messages.peak} values={{ level: peak }} />
            </>
          ) : null}
        </p>
        {/* biome-ignore lint/a11y/useMediaCaption: the agent's own voice played back, nothing to caption */}
        <audio ref={player} hidden />
      </div>
    </Section>
  );
}
