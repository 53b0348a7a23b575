import { type FormEvent, useEffect, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { TextField } from '../../../components/field';
import { Page, Section } from '../../../components/page';
import { ErrorState, FormError, Loading, Notice } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { useMe } from '../../../lib/use-me';

const messages = defineMessages({
  title: { id: 'security.title', defaultMessage: 'Sign-in security' },
  description: {
    id: 'security.description',
    defaultMessage: 'Two-factor sign-in asks for a code from your phone after your password.',
  },
  required: {
    id: 'security.required',
    defaultMessage: 'Your team requires two-factor sign-in. Set it up to continue.',
  },
  totpTitle: { id: 'security.totp.title', defaultMessage: 'Authenticator app' },
  on: { id: 'security.totp.on', defaultMessage: 'Two-factor sign-in is on.' },
  off: { id: 'security.totp.off', defaultMessage: 'Two-factor sign-in is off.' },
  codesLeft: defineMessage<{ count: number }>({
    id: 'security.codesLeft',
    defaultMessage: '{count, plural, one {# recovery code} other {# recovery codes}} left.',
  }),
  start: { id: 'security.totp.start', defaultMessage: 'Set up two-factor sign-in' },
  scan: {
    id: 'security.totp.scan',
    defaultMessage:
      'Scan this QR code with an authenticator app (for example Google Authenticator, 1Password or Aegis), or type the key.',
  },
  qr: { id: 'security.totp.qr', defaultMessage: 'QR code of your two-factor key' },
  key: { id: 'security.totp.key', defaultMessage: 'Key' },
  code: { id: 'security.totp.code', defaultMessage: 'Code from the app' },
  confirm: { id: 'security.totp.confirm', defaultMessage: 'Turn on' },
  recoveryTitle: { id: 'security.recovery.title', defaultMessage: 'Your recovery codes' },
  recoveryText: {
    id: 'security.recovery.text',
    defaultMessage:
      'Keep these somewhere safe (a password manager, or printed). Each works once instead of a code if you lose your phone. They are shown only now.',
  },
  recoveryDone: { id: 'security.recovery.done', defaultMessage: 'I have saved them' },
  manageTitle: { id: 'security.manage.title', defaultMessage: 'Turn off or new recovery codes' },
  password: { id: 'security.password', defaultMessage: 'Your password' },
  regenerate: { id: 'security.regenerate', defaultMessage: 'New recovery codes' },
  disable: { id: 'security.disable', defaultMessage: 'Turn off two-factor sign-in' },
  passkeysTitle: { id: 'security.passkeys.title', defaultMessage: 'Passkeys' },
  passkeysDescription: {
    id: 'security.passkeys.description',
    defaultMessage:
      'Log in without a password, with your fingerprint, face or device PIN. A passkey counts as both factors.',
  },
  passkeysList: { id: 'security.passkeys.list', defaultMessage: 'Your passkeys' },
  noPasskeys: { id: 'security.passkeys.none', defaultMessage: 'No passkeys yet.' },
  passkeyName: { id: 'security.passkeys.name', defaultMessage: 'Passkey name' },
  passkeyNameDefault: { id: 'security.passkeys.nameDefault', defaultMessage: 'My passkey' },
  addPasskey: { id: 'security.passkeys.add', defaultMessage: 'Add a passkey' },
  removePasskey: defineMessage<{ name: string }>({
    id: 'security.passkeys.remove',
    defaultMessage: 'Remove {name}',
  }),
  teamTitle: { id: 'security.team.title', defaultMessage: 'Team' },
  requireAll: {
    id: 'security.team.requireAll',
    defaultMessage: 'Require two-factor sign-in for every agent',
  },
  requireHint: {
    id: 'security.team.requireHint',
    defaultMessage: 'Agents without it are sent to set it up after they log in.',
  },
});

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const intl = useIntl();
  return (
    <Section title={<FormattedMessage {...messages.recoveryTitle} />}>
      <p>{intl.formatMessage(messages.recoveryText)}</p>
      <ul className="recovery-codes" aria-label={intl.formatMessage(messages.recoveryTitle)}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onDone}>
          <FormattedMessage {...messages.recoveryDone} />
        </button>
      </div>
    </Section>
  );
}

function Enrolment({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const intl = useIntl();
  const start = trpc.security.startTotp.useMutation();
  const confirm = trpc.security.confirmTotp.useMutation({ onSuccess: (r) => onEnabled(r.recoveryCodes) });
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const errors = useFieldErrors({}, confirm.error);
  const uri = start.data?.uri;
  useEffect(() => {
    if (!uri) return;
    let live = true;
    // Loaded on demand: the QR encoder is only needed on this screen.
    void import('qrcode').then((QRCode) =>
      QRCode.toDataURL(uri, { margin: 1, width: 200 }).then((url) => {
        if (live) setQr(url);
      }),
    );
    return () => {
      live = false;
    };
  }, [uri]);

  if (!start.data)
    return (
      <>
        <button
          type="button"
          className="button button-primary"
          disabled={start.isPending}
          onClick={() => start.mutate()}
        >
          <FormattedMessage {...messages.start} />
        </button>
        <FormError error={start.error} />
      </>
    );

  function submit(event: FormEvent) {
    event.preventDefault();
    confirm.mutate({ code: code.trim() });
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p>{intl.formatMessage(messages.scan)}</p>
      {qr ? <img src={qr} width={200} height={200} alt={intl.formatMessage(messages.qr)} /> : <Loading />}
      <TextField
        label={intl.formatMessage(messages.key)}
        readOnly
        value={start.data.secret}
        spellCheck={false}
      />
      <TextField
        label={intl.formatMessage(messages.code)}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={errors.code}
      />
      <FormError error={confirm.error} />
      <button type="submit" className="button button-primary" disabled={confirm.isPending}>
        <FormattedMessage {...messages.confirm} />
      </button>
    </form>
  );
}

function Manage({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [password, setPassword] = useState('');
  const regenerate = trpc.security.regenerateRecoveryCodes.useMutation({
    onSuccess: (r) => {
      setPassword('');
      onCodes(r.recoveryCodes);
    },
  });
  const disable = trpc.security.disableTotp.useMutation({
    onSuccess: () => {
      setPassword('');
      void utils.security.twoFactorStatus.invalidate();
    },
  });
  const errors = useFieldErrors({}, regenerate.error ?? disable.error);
  return (
    <Section title={<FormattedMessage {...messages.manageTitle} />}>
      <form className="form" noValidate onSubmit={(event) => event.preventDefault()}>
        <TextField
          label={intl.formatMessage(messages.password)}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.password}
        />
        <FormError error={regenerate.error ?? disable.error} />
        <div className="form-actions">
          <button
            type="button"
            className="button"
            disabled={!password || regenerate.isPending}
            onClick={() => regenerate.mutate({ password })}
          >
            <FormattedMessage {...messages.regenerate} />
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={!password || disable.isPending}
            onClick={() => disable.mutate({ password })}
          >
            <FormattedMessage {...messages.disable} />
          </button>
        </div>
      </form>
    </Section>
  );
}

function Passkeys() {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const list = trpc.security.passkeys.useQuery();
  const start = trpc.security.startPasskey.useMutation();
  const add = trpc.security.addPasskey.useMutation({
    onSuccess: (rows) => utils.security.passkeys.setData(undefined, rows),
  });
  const remove = trpc.security.deletePasskey.useMutation({
    onSuccess: () => utils.security.passkeys.invalidate(),
  });
  const [name, setName] = useState(() => intl.formatMessage(messages.passkeyNameDefault));
  const [error, setError] = useState<unknown>(null);

  async function addPasskey(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const { options, challengeId } = await start.mutateAsync();
      const { startRegistration } = await import('@simplewebauthn/browser');
      const credential = await startRegistration({
        optionsJSON: options as Parameters<typeof startRegistration>[0]['optionsJSON'],
      });
      await add.mutateAsync({
        challengeId,
        credential,
        name: name.trim() || intl.formatMessage(messages.passkeyNameDefault),
      });
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Section
      title={<FormattedMessage {...messages.passkeysTitle} />}
      description={<FormattedMessage {...messages.passkeysDescription} />}
    >
      {list.data && list.data.length > 0 ? (
        <ul className="session-list" aria-label={intl.formatMessage(messages.passkeysList)}>
          {list.data.map((passkey) => (
            <li key={passkey.id} className="session">
              <div className="session-main">
                <span className="session-device">{passkey.name}</span>
              </div>
              <div className="session-actions">
                <button
                  type="button"
                  className="button button-small"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ id: passkey.id })}
                >
                  {intl.formatMessage(messages.removePasskey, { name: passkey.name })}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : list.data ? (
        <p className="muted">{intl.formatMessage(messages.noPasskeys)}</p>
      ) : null}
      <form className="form" noValidate onSubmit={(event) => void addPasskey(event)}>
        <TextField
          label={intl.formatMessage(messages.passkeyName)}
          value={name}
          maxLength={60}
          onChange={(event) => setName(event.target.value)}
        />
        <FormError error={error ?? remove.error} />
        <button type="submit" className="button" disabled={start.isPending || add.isPending}>
          <FormattedMessage {...messages.addPasskey} />
        </button>
      </form>
    </Section>
  );
}

function TeamRequirement({ required }: { required: boolean }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const set = trpc.security.setTwoFactorRequired.useMutation({
    onSuccess: () => utils.security.twoFactorStatus.invalidate(),
  });
  return (
    <Section title={<FormattedMessage {...messages.teamTitle} />}>
      <div className="field">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={required}
            disabled={set.isPending}
            onChange={(event) => set.mutate({ required: event.target.checked })}
            aria-describedby="security-require-hint"
          />{' '}
          {intl.formatMessage(messages.requireAll)}
        </label>
        <p className="field-hint" id="security-require-hint">
          {intl.formatMessage(messages.requireHint)}
        </p>
      </div>
      <FormError error={set.error} />
    </Section>
  );
}

/** Settings → Sign-in security (A5): enrol, recovery codes, turn off; the owner's team rule. */
export function SecurityPage() {
  const intl = useIntl();
  const me = useMe();
  const utils = trpc.useUtils();
  const status = trpc.security.twoFactorStatus.useQuery();
  const [codes, setCodes] = useState<string[] | null>(null);
  const showCodes = (fresh: string[]) => {
    setCodes(fresh);
    void utils.security.twoFactorStatus.invalidate();
  };

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      {status.isPending ? (
        <Loading />
      ) : status.isError ? (
        <ErrorState error={status.error} onRetry={() => status.refetch()} />
      ) : (
        <>
          {status.data.required && !status.data.totpEnabled ? (
            <Notice>{intl.formatMessage(messages.required)}</Notice>
          ) : null}
          {codes ? <RecoveryCodes codes={codes} onDone={() => setCodes(null)} /> : null}
          <Section title={<FormattedMessage {...messages.totpTitle} />}>
            <p>
              <FormattedMessage {...(status.data.totpEnabled ? messages.on : messages.off)} />{' '}
              {status.data.totpEnabled ? (
                <FormattedMessage {...messages.codesLeft} values={{ count: status.data.recoveryCodesLeft }} />
              ) : null}
            </p>
            {status.data.totpEnabled ? null : <Enrolment onEnabled={showCodes} />}
          </Section>
          {status.data.totpEnabled && !codes ? <Manage onCodes={showCodes} /> : null}
          <Passkeys />
          {me.role === 'owner' ? <TeamRequirement required={status.data.required} /> : null}
        </>
      )}
    </Page>
  );
}
