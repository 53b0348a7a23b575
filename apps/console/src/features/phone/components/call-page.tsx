import { type ClipboardEvent, type FormEvent, useEffect, useId, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link, useSearchParams } from 'react-router';
import { Page, Section } from '../../../components/page';
import { EmptyState, ErrorState, FormError, Loading, Notice } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { useVisitorName } from '../../../lib/use-visitor-name';
import { useLiveEvents } from '../../live';
import { type TSoftphoneStatus, useSoftphone } from '../../softphone';
import { cleanPasted, formatDuration, normalizeNumber } from '../phone-number';

const messages = defineMessages({
  title: { id: 'phone.title', defaultMessage: 'Call' },
  description: {
    id: 'phone.description',
    defaultMessage:
      'Call customers through the account’s phone channel. Your own phone rings first; when you answer, the customer is connected.',
  },
  noChannel: {
    id: 'phone.noChannel',
    defaultMessage: 'No phone channel is set up yet. An administrator adds one in Manage → Channels.',
  },
  addChannel: { id: 'phone.addChannel', defaultMessage: 'Add a phone channel' },
  padTitle: { id: 'phone.pad.title', defaultMessage: 'Dial pad' },
  number: { id: 'phone.pad.number', defaultMessage: 'Number to call' },
  numberHint: {
    id: 'phone.pad.hint',
    defaultMessage: 'With the country code, e.g. +90 532 123 45 67. You can type or paste it.',
  },
  invalid: {
    id: 'phone.pad.invalid',
    defaultMessage: 'Enter the number in international form: a + and the country code, e.g. +905321234567.',
  },
  keypad: { id: 'phone.pad.keypad', defaultMessage: 'Keypad' },
  key: defineMessage<{ key: string }>({ id: 'phone.pad.key', defaultMessage: 'Dial {key}' }),
  erase: { id: 'phone.pad.erase', defaultMessage: 'Delete last digit' },
  call: { id: 'phone.pad.call', defaultMessage: 'Call' },
  calling: defineMessage<{ agent: string; number: string }>({
    id: 'phone.pad.calling',
    defaultMessage: 'Your phone ({agent}) is ringing. Answer it and {number} is called.',
  }),
  connected: defineMessage<{ number: string }>({
    id: 'phone.pad.connected',
    defaultMessage: 'Connected to {number}.',
  }),
  hangUp: { id: 'phone.pad.hangUp', defaultMessage: 'Hang up' },
  channel: { id: 'phone.channel', defaultMessage: 'Phone channel' },
  sipHint: {
    id: 'phone.sip.hint',
    defaultMessage: 'A number with the country code, or the SIP user of an extension (e.g. 1001).',
  },
  sipInvalid: {
    id: 'phone.sip.invalid',
    defaultMessage: 'Enter a number with the country code (e.g. +905321234567) or a SIP user name.',
  },
  sipStatus: { id: 'phone.sip.status', defaultMessage: 'Browser phone' },
  sipOff: { id: 'phone.sip.off', defaultMessage: 'Not started' },
  sipRegistering: { id: 'phone.sip.registering', defaultMessage: 'Connecting…' },
  sipRegistered: { id: 'phone.sip.registered', defaultMessage: 'Registered: calls ring in this browser' },
  sipUnregistered: { id: 'phone.sip.unregistered', defaultMessage: 'Not registered' },
  sipFailed: defineMessage<{ reason: string }>({
    id: 'phone.sip.failed',
    defaultMessage: 'Failed: {reason}',
  }),
  sipReasonAuth: { id: 'phone.sip.reason.auth', defaultMessage: 'the SIP server refused the credentials' },
  sipReasonConnection: {
    id: 'phone.sip.reason.connection',
    defaultMessage: 'the SIP server cannot be reached over WebSocket',
  },
  sipReasonTimeout: {
    id: 'phone.sip.reason.timeout',
    defaultMessage: 'the SIP server did not answer in time',
  },
  sipReasonOther: { id: 'phone.sip.reason.other', defaultMessage: 'the SIP server refused the registration' },
  sipCalling: defineMessage<{ number: string }>({
    id: 'phone.sip.calling',
    defaultMessage: 'Calling {number}…',
  }),
  sipRinging: defineMessage<{ number: string }>({
    id: 'phone.sip.ringing',
    defaultMessage: '{number} is ringing…',
  }),
  sipEnded: defineMessage<{ number: string }>({
    id: 'phone.sip.ended',
    defaultMessage: 'The call to {number} ended.',
  }),
  myPhoneTitle: { id: 'phone.my.title', defaultMessage: 'My phone' },
  myPhoneDescription: {
    id: 'phone.my.description',
    defaultMessage:
      'The phone the provider rings for your calls (your mobile or desk phone), and for incoming calls you accept.',
  },
  myPhone: { id: 'phone.my.number', defaultMessage: 'My phone number' },
  save: { id: 'phone.my.save', defaultMessage: 'Save number' },
  saved: { id: 'phone.my.saved', defaultMessage: 'Saved.' },
  needNumber: {
    id: 'phone.my.needed',
    defaultMessage: 'Set your own phone number below before calling.',
  },
  recentTitle: { id: 'phone.recent.title', defaultMessage: 'Recent calls' },
  recentEmpty: { id: 'phone.recent.empty', defaultMessage: 'No phone calls yet.' },
  colDirection: { id: 'phone.recent.direction', defaultMessage: 'Direction' },
  colNumber: { id: 'phone.recent.number', defaultMessage: 'Number' },
  colVisitor: { id: 'phone.recent.visitor', defaultMessage: 'Contact' },
  colWhen: { id: 'phone.recent.when', defaultMessage: 'When' },
  colDuration: { id: 'phone.recent.duration', defaultMessage: 'Duration' },
  colOutcome: { id: 'phone.recent.outcome', defaultMessage: 'Outcome' },
  outbound: { id: 'phone.direction.outbound', defaultMessage: 'Outgoing' },
  inbound: { id: 'phone.direction.inbound', defaultMessage: 'Incoming' },
  withheld: { id: 'phone.withheld', defaultMessage: 'Withheld' },
  ringing: { id: 'phone.outcome.ringing', defaultMessage: 'Ringing' },
  active: { id: 'phone.outcome.active', defaultMessage: 'In progress' },
  ended: { id: 'phone.outcome.ended', defaultMessage: 'Answered' },
  missed: { id: 'phone.outcome.missed', defaultMessage: 'Not answered' },
  declined: { id: 'phone.outcome.declined', defaultMessage: 'Declined' },
  busy: { id: 'phone.outcome.busy', defaultMessage: 'Busy' },
  failed: { id: 'phone.outcome.failed', defaultMessage: 'Failed' },
});

// The keypad's keys; each button's name ("Dial 2") contains its visible text (WCAG 2.5.3), so the
// phone letters are left out.
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '0', '#'];

/**
 * H2: the Call section. The dial pad calls through the account's phone channel (bridge model: the
 * provider rings the agent's own phone, set under My phone, then the customer); recent calls list
 * the agent's phone calls with their outcome and the contact they belong to. A `?to=&visitor=` link
 * (the visitor panel's and the CRM record's Call button) fills the pad.
 */
export function CallPage() {
  const settings = trpc.calls.phoneSettings.useQuery();
  const softphone = useSoftphone();
  const channels = settings.data?.channels ?? [];
  const chosen = channels.find((c) => c.channelId === softphone?.channelId) ?? channels[0];
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <>
          {channels.length > 1 && softphone ? (
            <ChannelSelect
              channels={channels}
              value={chosen?.channelId ?? ''}
              onChange={softphone.setChannelId}
            />
          ) : null}
          {chosen?.model === 'softphone' ? (
            <DialPad agentNumber={null} sip channelId={chosen.channelId} />
          ) : chosen || settings.data.channel ? (
            <DialPad
              agentNumber={settings.data.number}
              sip={false}
              channelId={chosen?.channelId ?? settings.data.channel?.channelId ?? null}
            />
          ) : (
            <NoChannel />
          )}
          {channels.length === 0 || channels.some((c) => c.model === 'bridge') ? (
            <MyPhone number={settings.data.number} />
          ) : null}
          <RecentCalls />
        </>
      )}
    </Page>
  );
}

function ChannelSelect({
  channels,
  value,
  onChange,
}: {
  channels: { channelId: string; name: string }[];
  value: string;
  onChange: (id: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        <FormattedMessage {...messages.channel} />
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {channels.map((c) => (
          <option key={c.channelId} value={c.channelId}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The softphone's registration, for the agent and for screen readers (a status region). */
function SipStatus({ status }: { status: TSoftphoneStatus }) {
  const intl = useIntl();
  const text = (() => {
    switch (status.kind) {
      case 'off':
      case 'idle':
        return intl.formatMessage(messages.sipOff);
      case 'registering':
        return intl.formatMessage(messages.sipRegistering);
      case 'registered':
        return intl.formatMessage(messages.sipRegistered);
      case 'unregistered':
        return intl.formatMessage(messages.sipUnregistered);
      case 'failed':
        return intl.formatMessage(messages.sipFailed, {
          reason: intl.formatMessage(
            status.reason === 'auth'
              ? messages.sipReasonAuth
              : status.reason === 'connection'
                ? messages.sipReasonConnection
                : status.reason === 'timeout'
                  ? messages.sipReasonTimeout
                  : messages.sipReasonOther,
          ),
        });
    }
  })();
  return (
    <p className={`sip-status sip-status-${status.kind}`} role="status">
      <FormattedMessage {...messages.sipStatus} />: {text}
    </p>
  );
}

/** A SIP target as typed: a number in E.164, or a SIP user name (an extension). */
function sipTarget(value: string): string | null {
  const number = normalizeNumber(value);
  if (number) return number;
  const trimmed = value.trim();
  return /^[A-Za-z0-9._-]{1,64}$/.test(trimmed) ? trimmed : null;
}

function NoChannel() {
  const me = useMe();
  return (
    <Notice>
      <FormattedMessage {...messages.noChannel} />{' '}
      {me.role !== 'agent' ? (
        <Link to="/manage/channels/new">
          <FormattedMessage {...messages.addChannel} />
        </Link>
      ) : null}
    </Notice>
  );
}

function DialPad({
  agentNumber,
  sip,
  channelId,
}: {
  agentNumber: string | null;
  /** The channel is a SIP softphone one: the browser places the call. */
  sip: boolean;
  channelId: string | null;
}) {
  const intl = useIntl();
  const softphone = useSoftphone();
  const [sipError, setSipError] = useState<unknown>(null);
  const outgoing = sip ? (softphone?.outgoing ?? null) : null;
  const sipLive = outgoing && outgoing.state.kind !== 'ended' ? outgoing : null;
  const registered = softphone?.status.kind === 'registered';
  const utils = trpc.useUtils();
  const [params] = useSearchParams();
  const [value, setValue] = useState(() => params.get('to') ?? '');
  const [invalid, setInvalid] = useState(false);
  const visitorId = params.get('visitor') ?? undefined;
  const inputId = useId();
  const dial = trpc.calls.dial.useMutation({ onSuccess: () => utils.calls.recentPhone.invalidate() });
  const hangup = trpc.calls.hangup.useMutation({ onSuccess: () => utils.calls.recentPhone.invalidate() });
  const recent = trpc.calls.recentPhone.useQuery();
  const current = dial.data ? (recent.data?.find((c) => c.id === dial.data.id) ?? dial.data) : null;
  const live = current && (current.status === 'ringing' || current.status === 'active') ? current : null;

  function press(key: string) {
    setInvalid(false);
    // A + only leads the number.
    setValue((v) => (key === '+' ? (v.startsWith('+') ? v : `+${v}`) : v + key));
  }

  function onPaste(event: ClipboardEvent<HTMLInputElement>) {
    event.preventDefault();
    setInvalid(false);
    setValue(cleanPasted(event.clipboardData.getData('text')));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (sip) {
      const target = sipTarget(value);
      if (!target) {
        setInvalid(true);
        return;
      }
      setValue(target);
      setSipError(null);
      void softphone?.dial(target, visitorId).catch(setSipError);
      return;
    }
    const number = normalizeNumber(value);
    if (!number) {
      setInvalid(true);
      return;
    }
    setValue(number);
    dial.mutate({ to: number, ...(visitorId ? { visitorId } : {}), ...(channelId ? { channelId } : {}) });
  }

  return (
    <Section title={<FormattedMessage {...messages.padTitle} />}>
      {sip && softphone ? <SipStatus status={softphone.status} /> : null}
      {!sip && !agentNumber ? (
        <p className="notice notice-warning">
          <FormattedMessage {...messages.needNumber} />
        </p>
      ) : null}
      <form className="form dial-pad" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={inputId}>
            <FormattedMessage {...messages.number} />
          </label>
          <input
            id={inputId}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            maxLength={40}
            value={value}
            aria-invalid={invalid || undefined}
            aria-describedby={`${inputId}-hint${invalid ? ` ${inputId}-error` : ''}`}
            onChange={(e) => {
              setInvalid(false);
              setValue(e.target.value);
            }}
            onPaste={onPaste}
          />
          <p className="field-hint" id={`${inputId}-hint`}>
            <FormattedMessage {...(sip ? messages.sipHint : messages.numberHint)} />
          </p>
          {invalid ? (
            <p className="field-error" id={`${inputId}-error`} role="alert">
              <FormattedMessage {...(sip ? messages.sipInvalid : messages.invalid)} />
            </p>
          ) : null}
        </div>
        <fieldset className="dial-keys">
          <legend className="visually-hidden">
            <FormattedMessage {...messages.keypad} />
          </legend>
          {KEYS.map((key) => (
            <button
              key={key}
              type="button"
              className="button dial-key"
              aria-label={intl.formatMessage(messages.key, { key })}
              onClick={() => press(key)}
            >
              {key}
            </button>
          ))}
        </fieldset>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={sip ? !registered || sipLive !== null : dial.isPending || !agentNumber || live !== null}
          >
            <FormattedMessage {...messages.call} />
          </button>
          <button
            type="button"
            className="button"
            aria-label={intl.formatMessage(messages.erase)}
            onClick={() => setValue((v) => v.slice(0, -1))}
            disabled={!value}
          >
            ⌫
          </button>
        </div>
        <FormError error={sip ? sipError : (dial.error ?? hangup.error)} />
        {sip && outgoing ? (
          <div role="status" className="call-status">
            <p>
              {outgoing.state.kind === 'in-call' ? (
                <FormattedMessage {...messages.connected} values={{ number: outgoing.target }} />
              ) : outgoing.state.kind === 'ended' ? (
                <FormattedMessage {...messages.sipEnded} values={{ number: outgoing.target }} />
              ) : outgoing.state.kind === 'calling' && outgoing.state.remoteRinging ? (
                <FormattedMessage {...messages.sipRinging} values={{ number: outgoing.target }} />
              ) : (
                <FormattedMessage {...messages.sipCalling} values={{ number: outgoing.target }} />
              )}
            </p>
            {sipLive ? (
              <button type="button" className="button button-small" onClick={() => softphone?.hangUp()}>
                <FormattedMessage {...messages.hangUp} />
              </button>
            ) : null}
          </div>
        ) : null}
        {!sip && live ? (
          <div role="status" className="call-status">
            <p>
              {live.status === 'active' ? (
                <FormattedMessage {...messages.connected} values={{ number: live.phoneNumber ?? '' }} />
              ) : (
                <FormattedMessage
                  {...messages.calling}
                  values={{ agent: agentNumber ?? '', number: live.phoneNumber ?? '' }}
                />
              )}
            </p>
            <button
              type="button"
              className="button button-small"
              onClick={() => hangup.mutate({ callId: live.id })}
              disabled={hangup.isPending}
            >
              <FormattedMessage {...messages.hangUp} />
            </button>
          </div>
        ) : null}
      </form>
    </Section>
  );
}

function MyPhone({ number }: { number: string | null }) {
  const utils = trpc.useUtils();
  const [value, setValue] = useState(number ?? '');
  const [invalid, setInvalid] = useState(false);
  const id = useId();
  useEffect(() => setValue(number ?? ''), [number]);
  const save = trpc.calls.setPhoneNumber.useMutation({
    onSuccess: () => utils.calls.phoneSettings.invalidate(),
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = value.trim();
    const normalized = trimmed ? normalizeNumber(trimmed) : null;
    if (trimmed && !normalized) {
      setInvalid(true);
      return;
    }
    save.mutate({ number: normalized });
  }
  return (
    <Section
      title={<FormattedMessage {...messages.myPhoneTitle} />}
      description={<FormattedMessage {...messages.myPhoneDescription} />}
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={id}>
            <FormattedMessage {...messages.myPhone} />
          </label>
          <input
            id={id}
            type="tel"
            autoComplete="tel"
            maxLength={40}
            value={value}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? `${id}-error` : undefined}
            onChange={(e) => {
              setInvalid(false);
              save.reset();
              setValue(e.target.value);
            }}
          />
          {invalid ? (
            <p className="field-error" id={`${id}-error`} role="alert">
              <FormattedMessage {...messages.invalid} />
            </p>
          ) : null}
        </div>
        <FormError error={save.error} />
        {save.isSuccess ? (
          <p role="status" className="field-hint">
            <FormattedMessage {...messages.saved} />
          </p>
        ) : null}
        <div>
          <button type="submit" className="button" disabled={save.isPending}>
            <FormattedMessage {...messages.save} />
          </button>
        </div>
      </form>
    </Section>
  );
}

type TOutcomeKey = 'ringing' | 'active' | 'ended' | 'missed' | 'declined' | 'busy' | 'failed';

function RecentCalls() {
  const intl = useIntl();
  const visitorName = useVisitorName();
  const utils = trpc.useUtils();
  const recent = trpc.calls.recentPhone.useQuery();
  // Status callbacks arrive as live events: the list follows the call as it rings, connects and ends.
  useLiveEvents((event) => {
    if ((event.type === 'call.updated' || event.type === 'call.ringing') && event.call.kind === 'phone')
      void utils.calls.recentPhone.invalidate();
  });
  const outcome = (c: { status: string; endReason: string | null }): TOutcomeKey =>
    c.endReason === 'busy' ? 'busy' : (c.status as TOutcomeKey);
  return (
    <Section title={<FormattedMessage {...messages.recentTitle} />}>
      {recent.isPending ? (
        <Loading />
      ) : recent.isError ? (
        <ErrorState error={recent.error} onRetry={() => recent.refetch()} />
      ) : recent.data.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.recentEmpty} />} />
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label={intl.formatMessage(messages.recentTitle)}>
            <thead>
              <tr>
                {(
                  ['colDirection', 'colNumber', 'colVisitor', 'colWhen', 'colDuration', 'colOutcome'] as const
                ).map((column) => (
                  <th key={column} scope="col">
                    <FormattedMessage {...messages[column]} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {recent.data.map((c) => (
                <tr key={c.id} data-testid="recent-call">
                  <td>
                    <FormattedMessage
                      {...(c.direction === 'inbound' ? messages.inbound : messages.outbound)}
                    />
                  </td>
                  <td>
                    {c.phoneNumber ? <bdi>{c.phoneNumber}</bdi> : <FormattedMessage {...messages.withheld} />}
                  </td>
                  <td>
                    {c.visitor ? (
                      <Link to={`/crm/visitors/${c.visitor.id}`}>{visitorName(c.visitor)}</Link>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <time dateTime={c.startedAt}>
                      {intl.formatDate(c.startedAt, { dateStyle: 'medium', timeStyle: 'short' })}
                    </time>
                  </td>
                  <td>{formatDuration(c.durationSec)}</td>
                  <td>
                    <FormattedMessage {...messages[outcome(c)]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
