import { type FormEvent, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { TextField } from '../../../components/field';
import { FormError, Loading } from '../../../components/status';
import { useSession } from '../../../lib/api-provider';
import type { TMe } from '../../../lib/trpc';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { hasErrors, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import { AccountPicker, accountPickerMessages, type TAccountOption } from './account-picker';
import { AuthLayout } from './auth-layout';

const messages = defineMessages({
  title: { id: 'login.title', defaultMessage: 'Log in to Parley' },
  subtitle: { id: 'login.subtitle', defaultMessage: 'Answer your visitors from one place.' },
  email: { id: 'login.email', defaultMessage: 'Email' },
  password: { id: 'login.password', defaultMessage: 'Password' },
  submit: { id: 'login.submit', defaultMessage: 'Log in' },
  submitting: { id: 'login.submitting', defaultMessage: 'Logging in…' },
  forgot: { id: 'login.forgot', defaultMessage: 'Forgot your password?' },
  passkey: { id: 'login.passkey', defaultMessage: 'Use a passkey' },
  or: { id: 'login.or', defaultMessage: 'or' },
  codeTitle: { id: 'login.codeTitle', defaultMessage: 'Two-factor sign-in' },
  codeSubtitle: {
    id: 'login.codeSubtitle',
    defaultMessage: 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.',
  },
  code: { id: 'login.code', defaultMessage: 'Code' },
  verify: { id: 'login.verify', defaultMessage: 'Verify' },
  lostDevice: {
    id: 'login.lostDevice',
    defaultMessage:
      'Lost your phone and your recovery codes? An admin of your team can turn two-factor sign-in off for you.',
  },
  noAccount: {
    id: 'login.noAccount',
    defaultMessage: 'No account yet? Ask an admin of your team for an invitation.',
  },
  signup: { id: 'login.signup', defaultMessage: 'No account yet? Create one' },
});

export function LoginPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const location = useLocation();
  const { restartSession } = useSession();
  const me = trpc.auth.me.useQuery(undefined, { staleTime: Number.POSITIVE_INFINITY });
  const status = trpc.setup.status.useQuery(undefined, { staleTime: Number.POSITIVE_INFINITY });
  const signupStatus = trpc.signup.status.useQuery(undefined, { staleTime: 60_000 });
  const [challenge, setChallenge] = useState<string | null>(null);
  // The password opened users of several accounts: the picker, then the chosen one's sign-in.
  const [choice, setChoice] = useState<{ ticket: string; accounts: TAccountOption[] } | null>(null);
  const [code, setCode] = useState('');
  const signedIn = (user: TMe) => {
    const from = (location.state as { from?: string } | null)?.from;
    restartSession(user);
    navigate(from && from !== '/login' ? from : '/', { replace: true });
  };
  const login = trpc.auth.login.useMutation({
    onSuccess: (result) => {
      // A5: the password was right; a second factor is owed before there is a session.
      if ('twoFactor' in result && result.twoFactor) setChallenge(result.twoFactor.challenge);
      else if ('choose' in result && result.choose) setChoice(result.choose);
      else if ('me' in result && result.me) signedIn(result.me);
    },
  });
  const choose = trpc.auth.chooseAccount.useMutation({
    onSuccess: (result) => {
      setChoice(null);
      if ('twoFactor' in result && result.twoFactor) setChallenge(result.twoFactor.challenge);
      else if ('me' in result && result.me) signedIn(result.me);
    },
    onError: (error) => {
      // The single-use ticket is spent or stale: back to the password.
      if (error.data?.appCode === 'auth.choice_expired') setChoice(null);
    },
  });
  const verify = trpc.auth.verifyTwoFactor.useMutation({
    onSuccess: ({ me: user }) => signedIn(user),
    onError: (error) => {
      if (error.data?.appCode === 'two_factor.expired') setChallenge(null);
    },
  });
  const passkeyLogin = trpc.auth.loginWithPasskey.useMutation({
    onSuccess: ({ me: user }) => signedIn(user),
  });
  const passkeyOptions = trpc.auth.passkeyOptions.useMutation();
  const [passkeyError, setPasskeyError] = useState<unknown>(null);
  async function logInWithPasskey() {
    setPasskeyError(null);
    try {
      const { options, challengeId } = await passkeyOptions.mutateAsync();
      // Loaded on demand: only this button needs the WebAuthn helpers.
      const { startAuthentication } = await import('@simplewebauthn/browser');
      // tRPC's JSON typing widens the extension buffers; the server built these with the same library.
      const credential = await startAuthentication({
        optionsJSON: options as Parameters<typeof startAuthentication>[0]['optionsJSON'],
      });
      await passkeyLogin.mutateAsync({ challengeId, credential });
    } catch (error) {
      setPasskeyError(error);
    }
  }
  const [email, setEmail] = useState((location.state as { email?: string } | null)?.email ?? '');
  const [password, setPassword] = useState('');
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const fieldErrors = useFieldErrors(clientErrors, login.error);
  const codeErrors = useFieldErrors({}, verify.error);

  if (me.data) return <Navigate to="/" replace />;
  if (status.data?.needsSetup) return <Navigate to="/setup" replace />;
  if (status.isPending) return <Loading />;

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields(
      { email, password },
      { email: ['required', 'email'], password: ['required'] },
    );
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    login.mutate({ email: email.trim(), password });
  }

  if (choice)
    return (
      <AuthLayout
        title={<FormattedMessage {...accountPickerMessages.title} />}
        subtitle={<FormattedMessage {...accountPickerMessages.subtitle} />}
      >
        <AccountPicker
          accounts={choice.accounts}
          pending={choose.isPending}
          error={choose.error}
          onChoose={(accountId) => choose.mutate({ ticket: choice.ticket, accountId })}
          onBack={() => setChoice(null)}
        />
      </AuthLayout>
    );

  if (challenge)
    return (
      <AuthLayout
        title={<FormattedMessage {...messages.codeTitle} />}
        subtitle={<FormattedMessage {...messages.codeSubtitle} />}
      >
        <form
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (code.trim()) verify.mutate({ challenge, code: code.trim() });
          }}
        >
          <TextField
            label={intl.formatMessage(messages.code)}
            name="code"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            value={code}
            onChange={(event) => setCode(event.target.value)}
            error={codeErrors.code}
            autoFocus
          />
          <FormError error={verify.error} />
          <button type="submit" className="button button-primary button-block" disabled={verify.isPending}>
            <FormattedMessage {...messages.verify} />
          </button>
        </form>
        <p className="auth-footer">
          <FormattedMessage {...messages.lostDevice} />
        </p>
      </AuthLayout>
    );

  return (
    <AuthLayout
      title={<FormattedMessage {...messages.title} />}
      subtitle={<FormattedMessage {...messages.subtitle} />}
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={intl.formatMessage(messages.email)}
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={fieldErrors.email}
          autoFocus
        />
        <TextField
          label={intl.formatMessage(messages.password)}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldErrors.password}
        />
        <FormError error={login.error} />
        <button type="submit" className="button button-primary button-block" disabled={login.isPending}>
          {login.isPending ? (
            <FormattedMessage {...messages.submitting} />
          ) : (
            <FormattedMessage {...messages.submit} />
          )}
        </button>
      </form>
      <p className="auth-footer">
        <FormattedMessage {...messages.or} />
      </p>
      <button
        type="button"
        className="button button-block"
        disabled={passkeyOptions.isPending || passkeyLogin.isPending}
        onClick={() => void logInWithPasskey()}
      >
        <FormattedMessage {...messages.passkey} />
      </button>
      {passkeyError ? <FormError error={passkeyError} /> : null}
      <p className="auth-footer">
        <Link to="/forgot-password">
          <FormattedMessage {...messages.forgot} />
        </Link>
      </p>
      <p className="auth-footer">
        {signupStatus.data && signupStatus.data.mode !== 'closed' ? (
          <Link to="/signup">
            <FormattedMessage {...messages.signup} />
          </Link>
        ) : (
          <FormattedMessage {...messages.noAccount} />
        )}
      </p>
    </AuthLayout>
  );
}
