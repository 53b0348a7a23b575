import { type FormEvent, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { TextField } from '../../../components/field';
import { ErrorState, FormError, Loading, Notice, passwordHint } from '../../../components/status';
import { useLocale } from '../../../i18n/intl-provider';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { hasErrors, PASSWORD_MIN, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import { AuthLayout } from './auth-layout';

const messages = defineMessages({
  title: { id: 'signup.title', defaultMessage: 'Create a Parley account' },
  subtitle: {
    id: 'signup.subtitle',
    defaultMessage: 'A workspace of your own. We send a link to confirm your email address before you start.',
  },
  closedTitle: { id: 'signup.closedTitle', defaultMessage: 'Sign-up is closed' },
  closed: {
    id: 'signup.closed',
    defaultMessage:
      'This server does not take new accounts. To join a team that uses it, ask one of its admins for an invitation.',
  },
  accountName: { id: 'signup.accountName', defaultMessage: 'Workspace name' },
  accountNameHint: { id: 'signup.accountNameHint', defaultMessage: 'Usually your company or website name.' },
  name: { id: 'signup.name', defaultMessage: 'Your name' },
  email: { id: 'signup.email', defaultMessage: 'Email' },
  password: { id: 'signup.password', defaultMessage: 'Password' },
  inviteCode: { id: 'signup.inviteCode', defaultMessage: 'Invitation code' },
  inviteCodeHint: {
    id: 'signup.inviteCodeHint',
    defaultMessage: 'Sign-up on this server needs a code from its operator.',
  },
  submit: { id: 'signup.submit', defaultMessage: 'Create account' },
  submitting: { id: 'signup.submitting', defaultMessage: 'Creating…' },
  haveAccount: { id: 'signup.haveAccount', defaultMessage: 'Already have an account? Log in' },
});

/** Public sign-up (SIGNUP=open|invite): the account is usable once the mailed link confirms the address. */
export function SignupPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { locale } = useLocale();
  const status = trpc.signup.status.useQuery(undefined, { staleTime: 60_000 });
  const create = trpc.signup.create.useMutation({
    onSuccess: (_result, input) => navigate('/signup/check-email', { state: { email: input.email } }),
  });
  const [values, setValues] = useState({
    accountName: '',
    name: '',
    email: '',
    password: '',
    inviteCode: params.get('code') ?? '',
  });
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const fieldErrors = useFieldErrors(clientErrors, create.error);

  if (status.isPending) return <Loading />;
  if (status.isError)
    return (
      <AuthLayout title={<FormattedMessage {...messages.title} />}>
        <ErrorState error={status.error} onRetry={() => status.refetch()} />
      </AuthLayout>
    );
  if (status.data.mode === 'closed')
    return (
      <AuthLayout title={<FormattedMessage {...messages.closedTitle} />}>
        <Notice>{intl.formatMessage(messages.closed)}</Notice>
        <p className="auth-footer">
          <Link to="/login">
            <FormattedMessage {...messages.haveAccount} />
          </Link>
        </p>
      </AuthLayout>
    );
  const invite = status.data.mode === 'invite';

  const set = (field: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields(values, {
      accountName: ['required'],
      name: ['required'],
      email: ['required', 'email'],
      password: ['required', 'password'],
      ...(invite ? { inviteCode: ['required' as const] } : {}),
    });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    create.mutate({
      accountName: values.accountName.trim(),
      name: values.name.trim(),
      email: values.email.trim(),
      password: values.password,
      locale,
      ...(invite ? { inviteCode: values.inviteCode.trim() } : {}),
    });
  }

  return (
    <AuthLayout
      title={<FormattedMessage {...messages.title} />}
      subtitle={<FormattedMessage {...messages.subtitle} />}
    >
      <form className="form" onSubmit={submit} noValidate>
        {invite ? (
          <TextField
            label={intl.formatMessage(messages.inviteCode)}
            hint={intl.formatMessage(messages.inviteCodeHint)}
            name="inviteCode"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={values.inviteCode}
            onChange={set('inviteCode')}
            error={fieldErrors.inviteCode}
          />
        ) : null}
        <TextField
          label={intl.formatMessage(messages.accountName)}
          hint={intl.formatMessage(messages.accountNameHint)}
          name="accountName"
          autoComplete="organization"
          value={values.accountName}
          onChange={set('accountName')}
          error={fieldErrors.accountName}
          autoFocus
        />
        <TextField
          label={intl.formatMessage(messages.name)}
          name="name"
          autoComplete="name"
          value={values.name}
          onChange={set('name')}
          error={fieldErrors.name}
        />
        <TextField
          label={intl.formatMessage(messages.email)}
          name="email"
          type="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          value={values.email}
          onChange={set('email')}
          error={fieldErrors.email}
        />
        <TextField
          label={intl.formatMessage(messages.password)}
          name="password"
          type="password"
          autoComplete="new-password"
          hint={intl.formatMessage(passwordHint, { min: PASSWORD_MIN })}
          value={values.password}
          onChange={set('password')}
          error={fieldErrors.password}
        />
        <FormError error={create.error} />
        <button type="submit" className="button button-primary button-block" disabled={create.isPending}>
          {create.isPending ? (
            <FormattedMessage {...messages.submitting} />
          ) : (
            <FormattedMessage {...messages.submit} />
          )}
        </button>
      </form>
      <p className="auth-footer">
        <Link to="/login">
          <FormattedMessage {...messages.haveAccount} />
        </Link>
      </p>
    </AuthLayout>
  );
}
