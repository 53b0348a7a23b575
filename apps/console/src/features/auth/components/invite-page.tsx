import { type FormEvent, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, type PrimitiveType, useIntl } from 'react-intl';
import { Link, useNavigate, useParams } from 'react-router';
import { TextField } from '../../../components/field';
import { ErrorState, FormError, Loading, passwordHint } from '../../../components/status';
import { useSession } from '../../../lib/api-provider';
import { readErrorShape } from '../../../lib/errors';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { hasErrors, PASSWORD_MIN, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import { AuthLayout } from './auth-layout';

const messages = defineMessages({
  title: defineMessage<{ accountName: string }>({ id: 'invite.title', defaultMessage: 'Join {accountName}' }),
  subtitle: defineMessage<{ email: PrimitiveType }>({
    id: 'invite.subtitle',
    defaultMessage: 'You were invited as {email}. Choose your name and a password to start.',
  }),
  name: { id: 'invite.name', defaultMessage: 'Your name' },
  nameHint: { id: 'invite.nameHint', defaultMessage: 'Visitors and teammates see this name.' },
  password: { id: 'invite.password', defaultMessage: 'Password' },
  submit: { id: 'invite.submit', defaultMessage: 'Join the team' },
  submitting: { id: 'invite.submitting', defaultMessage: 'Joining…' },
  invalidTitle: { id: 'invite.invalidTitle', defaultMessage: 'Invitation not valid' },
  invalidText: {
    id: 'invite.invalidText',
    defaultMessage:
      'This invitation link is invalid, was revoked or has expired. Ask your admin to send a new one.',
  },
  toLogin: { id: 'invite.toLogin', defaultMessage: 'Go to the login page' },
});

export function InvitePage() {
  const { token = '' } = useParams();
  const intl = useIntl();
  const navigate = useNavigate();
  const { restartSession } = useSession();
  const lookup = trpc.invitations.lookup.useQuery({ token }, { staleTime: Number.POSITIVE_INFINITY });
  const accept = trpc.invitations.accept.useMutation({
    onSuccess: ({ me }) => {
      restartSession(me);
      navigate('/', { replace: true });
    },
  });
  const [values, setValues] = useState({ name: '', password: '' });
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const fieldErrors = useFieldErrors(clientErrors, accept.error);

  if (lookup.isPending) return <Loading />;
  const lookupError = lookup.isError ? readErrorShape(lookup.error) : null;
  // An unusable invitation comes back as { valid: false, email: null, accountName: null }.
  const invalid =
    (lookup.data && (!lookup.data.valid || !lookup.data.email || !lookup.data.accountName)) ||
    lookupError?.code === 'NOT_FOUND' ||
    lookupError?.appCode === 'invitation.invalid';
  if (invalid) {
    return (
      <AuthLayout title={<FormattedMessage {...messages.invalidTitle} />}>
        <p>
          <FormattedMessage {...messages.invalidText} />
        </p>
        <p>
          <Link to="/login" className="button button-block">
            <FormattedMessage {...messages.toLogin} />
          </Link>
        </p>
      </AuthLayout>
    );
  }
  if (lookup.isError) return <ErrorState error={lookup.error} onRetry={() => lookup.refetch()} />;
  const accountName = lookup.data.accountName ?? '';
  const email = lookup.data.email ?? '';

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields(values, { name: ['required'], password: ['required', 'password'] });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    accept.mutate({ token, name: values.name.trim(), password: values.password });
  }

  return (
    <AuthLayout
      title={<FormattedMessage {...messages.title} values={{ accountName }} />}
      subtitle={<FormattedMessage {...messages.subtitle} values={{ email: <strong>{email}</strong> }} />}
    >
      <form className="form" onSubmit={submit} noValidate>
        {/* Lets password managers store the new credentials under the right email. */}
        <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
        <TextField
          label={intl.formatMessage(messages.name)}
          hint={intl.formatMessage(messages.nameHint)}
          name="name"
          autoComplete="name"
          value={values.name}
          onChange={(event) => setValues((current) => ({ ...current, name: event.target.value }))}
          error={fieldErrors.name}
          autoFocus
        />
        <TextField
          label={intl.formatMessage(messages.password)}
          name="password"
          type="password"
          autoComplete="new-password"
          hint={intl.formatMessage(passwordHint, { min: PASSWORD_MIN })}
          value={values.password}
          onChange={(event) => setValues((current) => ({ ...current, password: event.target.value }))}
          error={fieldErrors.password}
        />
        <FormError error={accept.error} />
        <button type="submit" className="button button-primary button-block" disabled={accept.isPending}>
          {accept.isPending ? (
            <FormattedMessage {...messages.submitting} />
          ) : (
            <FormattedMessage {...messages.submit} />
          )}
        </button>
      </form>
    </AuthLayout>
  );
}
