import { type FormEvent, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Navigate, useNavigate } from 'react-router';
import { SelectField, TextField } from '../../../components/field';
import { ErrorState, FormError, Loading, passwordHint } from '../../../components/status';
import { useLocale } from '../../../i18n/intl-provider';
import { useSession } from '../../../lib/api-provider';
import { SUPPORTED_LOCALES, type TLocale } from '../../../lib/locale';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { hasErrors, PASSWORD_MIN, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import { AuthLayout, languageNames } from './auth-layout';

const messages = defineMessages({
  title: { id: 'setup.title', defaultMessage: 'Set up Parley' },
  subtitle: {
    id: 'setup.subtitle',
    defaultMessage: 'Create your workspace and its owner account. You can invite your team next.',
  },
  accountName: { id: 'setup.accountName', defaultMessage: 'Workspace name' },
  accountNameHint: { id: 'setup.accountNameHint', defaultMessage: 'Usually your company or website name.' },
  name: { id: 'setup.name', defaultMessage: 'Your name' },
  email: { id: 'setup.email', defaultMessage: 'Email' },
  password: { id: 'setup.password', defaultMessage: 'Password' },
  language: { id: 'setup.language', defaultMessage: 'Language' },
  submit: { id: 'setup.submit', defaultMessage: 'Create workspace' },
  submitting: { id: 'setup.submitting', defaultMessage: 'Creating…' },
});

export function SetupPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { restartSession } = useSession();
  const { locale, setLocaleOverride } = useLocale();
  const status = trpc.setup.status.useQuery(undefined, { staleTime: Number.POSITIVE_INFINITY });
  const create = trpc.setup.create.useMutation({
    onSuccess: ({ me }) => {
      restartSession(me);
      navigate('/', { replace: true });
    },
  });
  const [values, setValues] = useState({ accountName: '', name: '', email: '', password: '' });
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const fieldErrors = useFieldErrors(clientErrors, create.error);

  if (status.isPending) return <Loading />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => status.refetch()} />;
  // Once an owner exists this page is gone for good.
  if (!status.data.needsSetup) return <Navigate to="/login" replace />;

  const set = (field: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields(values, {
      accountName: ['required'],
      name: ['required'],
      email: ['required', 'email'],
      password: ['required', 'password'],
    });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    create.mutate({
      accountName: values.accountName.trim(),
      name: values.name.trim(),
      email: values.email.trim(),
      password: values.password,
      locale,
    });
  }

  return (
    <AuthLayout
      title={<FormattedMessage {...messages.title} />}
      subtitle={<FormattedMessage {...messages.subtitle} />}
    >
      <form className="form" onSubmit={submit} noValidate>
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
        <SelectField
          label={intl.formatMessage(messages.language)}
          name="locale"
          value={locale}
          onChange={(event) => setLocaleOverride(event.target.value as TLocale)}
          error={fieldErrors.locale}
        >
          {SUPPORTED_LOCALES.map((code) => (
            <option key={code} value={code} lang={code}>
              {languageNames[code]}
            </option>
          ))}
        </SelectField>
        <FormError error={create.error} />
        <button type="submit" className="button button-primary button-block" disabled={create.isPending}>
          {create.isPending ? (
            <FormattedMessage {...messages.submitting} />
          ) : (
            <FormattedMessage {...messages.submit} />
          )}
        </button>
      </form>
    </AuthLayout>
  );
}
