import { type ChangeEvent, type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, type PrimitiveType, useIntl } from 'react-intl';
import { Avatar } from '../../../components/avatar';
import { TextField } from '../../../components/field';
import { Page, Section } from '../../../components/page';
import { EmptyState, ErrorState, FormError, Loading, Notice, passwordHint } from '../../../components/status';
import { describeError } from '../../../lib/errors';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { useMe } from '../../../lib/use-me';
import { useMeCache } from '../../../lib/use-update-me';
import { hasErrors, PASSWORD_MIN, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import { AVATAR_TYPES, checkAvatarFile, removeAvatar, uploadAvatar } from '../avatar-upload';

const messages = defineMessages({
  title: { id: 'account.title', defaultMessage: 'My account' },
  description: {
    id: 'account.description',
    defaultMessage: 'How you appear to visitors and your team, and how you log in.',
  },
  save: { id: 'common.save', defaultMessage: 'Save' },
  saving: { id: 'common.saving', defaultMessage: 'Saving…' },
  saved: { id: 'common.saved', defaultMessage: 'Saved.' },
  profileTitle: { id: 'account.profile.title', defaultMessage: 'Profile' },
  name: { id: 'account.profile.name', defaultMessage: 'Name' },
  avatarTitle: { id: 'account.avatar.title', defaultMessage: 'Profile picture' },
  avatarHint: {
    id: 'account.avatar.hint',
    defaultMessage: 'PNG, JPEG, WebP or GIF, up to 5 MB. It is cropped to a square.',
  },
  avatarChoose: { id: 'account.avatar.choose', defaultMessage: 'Choose image' },
  avatarUpload: { id: 'account.avatar.upload', defaultMessage: 'Upload' },
  avatarUploading: { id: 'account.avatar.uploading', defaultMessage: 'Uploading…' },
  avatarCancel: { id: 'account.avatar.cancel', defaultMessage: 'Cancel' },
  avatarRemove: { id: 'account.avatar.remove', defaultMessage: 'Remove picture' },
  avatarPreview: { id: 'account.avatar.preview', defaultMessage: 'Preview of the new picture' },
  avatarCurrent: { id: 'account.avatar.current', defaultMessage: 'Current picture' },
  avatarSaved: { id: 'account.avatar.saved', defaultMessage: 'Picture updated.' },
  avatarRemoved: { id: 'account.avatar.removed', defaultMessage: 'Picture removed.' },
  displayNamesTitle: { id: 'account.displayNames.title', defaultMessage: 'Name per channel' },
  displayNamesDescription: {
    id: 'account.displayNames.description',
    defaultMessage: 'Show visitors a different name on some channels. Leave empty to use your name.',
  },
  displayNamesEmpty: { id: 'account.displayNames.empty', defaultMessage: 'No channels yet.' },
  displayNamesEmptyText: {
    id: 'account.displayNames.emptyText',
    defaultMessage: 'Once an admin connects a channel, you can set the name visitors see there.',
  },
  displayNameLabel: defineMessage<{ channel: string }>({
    id: 'account.displayNames.label',
    defaultMessage: 'Name on {channel}',
  }),
  emailTitle: { id: 'account.email.title', defaultMessage: 'Email address' },
  emailCurrent: defineMessage<{ email: PrimitiveType }>({
    id: 'account.email.current',
    defaultMessage: 'You log in with {email}.',
  }),
  newEmail: { id: 'account.email.new', defaultMessage: 'New email' },
  emailPassword: { id: 'account.email.password', defaultMessage: 'Current password' },
  emailSubmit: { id: 'account.email.submit', defaultMessage: 'Change email' },
  emailChanged: defineMessage<{ email: string }>({
    id: 'account.email.changed',
    defaultMessage: 'Your email is now {email}.',
  }),
  passwordTitle: { id: 'account.password.title', defaultMessage: 'Password' },
  passwordDescription: {
    id: 'account.password.description',
    defaultMessage: 'Changing it logs you out on all other devices.',
  },
  currentPassword: { id: 'account.password.current', defaultMessage: 'Current password' },
  newPassword: { id: 'account.password.new', defaultMessage: 'New password' },
  confirmPassword: { id: 'account.password.confirm', defaultMessage: 'Repeat new password' },
  passwordSubmit: { id: 'account.password.submit', defaultMessage: 'Change password' },
  passwordChanged: {
    id: 'account.password.changed',
    defaultMessage: 'Password changed. Your other sessions were logged out.',
  },
});

function ProfileSection() {
  const intl = useIntl();
  const me = useMe();
  const meCache = useMeCache();
  const [name, setName] = useState(me.name);
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const update = trpc.account.updateProfile.useMutation({ onSuccess: ({ me: next }) => meCache.set(next) });
  const fieldErrors = useFieldErrors(clientErrors, update.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields({ name }, { name: ['required'] });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    update.mutate({ name: name.trim() });
  }

  return (
    <Section title={<FormattedMessage {...messages.profileTitle} />}>
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={intl.formatMessage(messages.name)}
          name="name"
          autoComplete="name"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            update.reset();
          }}
          error={fieldErrors.name}
        />
        <FormError error={update.error} />
        {update.isSuccess ? <Notice>{intl.formatMessage(messages.saved)}</Notice> : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={update.isPending}>
            {intl.formatMessage(update.isPending ? messages.saving : messages.save)}
          </button>
        </div>
      </form>
    </Section>
  );
}

function AvatarSection() {
  const intl = useIntl();
  const me = useMe();
  const meCache = useMeCache();
  const inputId = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<'saved' | 'removed' | null>(null);

  // Object URLs hold the file in memory until revoked.
  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  function choose(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    setDone(null);
    setError(null);
    if (!chosen) return;
    const problem = checkAvatarFile(chosen);
    if (problem) {
      setError({ data: { appCode: problem } });
      setFile(null);
      event.target.value = '';
      return;
    }
    setFile(chosen);
  }

  function reset() {
    setFile(null);
    if (input.current) input.current.value = '';
  }

  async function run(action: () => Promise<void>, outcome: 'saved' | 'removed') {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await action();
      setDone(outcome);
      reset();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const upload = () =>
    run(async () => {
      if (!file) return;
      const { avatarUrl } = await uploadAvatar(file);
      meCache.patch({ avatarUrl });
      void meCache.invalidate();
    }, 'saved');
  const remove = () =>
    run(async () => {
      await removeAvatar();
      meCache.patch({ avatarUrl: null });
      void meCache.invalidate();
    }, 'removed');

  return (
    <Section title={<FormattedMessage {...messages.avatarTitle} />}>
      <div className="avatar-editor">
        <figure className="avatar-figure">
          {preview ? (
            <img
              className="avatar avatar-large"
              src={preview}
              alt={intl.formatMessage(messages.avatarPreview)}
            />
          ) : me.avatarUrl ? (
            <img
              className="avatar avatar-large"
              src={me.avatarUrl}
              alt={intl.formatMessage(messages.avatarCurrent)}
            />
          ) : (
            <Avatar name={me.name} url={null} size={96} />
          )}
        </figure>
        <div className="avatar-controls">
          <label htmlFor={inputId} className="button">
            {intl.formatMessage(messages.avatarChoose)}
          </label>
          <input
            id={inputId}
            ref={input}
            className="visually-hidden"
            type="file"
            accept={AVATAR_TYPES.join(',')}
            aria-describedby={hintId}
            onChange={choose}
            disabled={busy}
          />
          <p className="field-hint" id={hintId}>
            {intl.formatMessage(messages.avatarHint)}
          </p>
          <div className="form-actions">
            {file ? (
              <>
                <button type="button" className="button button-primary" onClick={upload} disabled={busy}>
                  {intl.formatMessage(busy ? messages.avatarUploading : messages.avatarUpload)}
                </button>
                <button
                  type="button"
                  className="button button-ghost"
                  onClick={() => {
                    reset();
                    setError(null);
                  }}
                  disabled={busy}
                >
                  {intl.formatMessage(messages.avatarCancel)}
                </button>
              </>
            ) : me.avatarUrl ? (
              <button type="button" className="button button-ghost" onClick={remove} disabled={busy}>
                {intl.formatMessage(messages.avatarRemove)}
              </button>
            ) : null}
          </div>
          {error ? (
            <p className="form-error" role="alert">
              {intl.formatMessage(describeError(error).message)}
            </p>
          ) : null}
          {done ? (
            <Notice>
              {intl.formatMessage(done === 'saved' ? messages.avatarSaved : messages.avatarRemoved)}
            </Notice>
          ) : null}
        </div>
      </div>
    </Section>
  );
}

type TDisplayName = TRouterOutputs['account']['displayNames'][number];

function DisplayNameRow({ row }: { row: TDisplayName }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [value, setValue] = useState(row.displayName ?? '');
  const save = trpc.account.setDisplayName.useMutation({
    onSuccess: () => utils.account.displayNames.invalidate(),
  });
  const fieldError = describeError(save.error).fieldErrors.displayName;
  return (
    <form
      className="form form-row"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = value.trim();
        save.mutate({ channelId: row.channelId, displayName: trimmed === '' ? null : trimmed });
      }}
    >
      <TextField
        label={intl.formatMessage(messages.displayNameLabel, { channel: row.channelName })}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          save.reset();
        }}
        error={fieldError ? intl.formatMessage(fieldError) : undefined}
      />
      <button type="submit" className="button" disabled={save.isPending}>
        {intl.formatMessage(save.isPending ? messages.saving : messages.save)}
      </button>
      {save.isSuccess ? <Notice>{intl.formatMessage(messages.saved)}</Notice> : null}
      {save.error && !fieldError ? <FormError error={save.error} /> : null}
    </form>
  );
}

function DisplayNamesSection() {
  const displayNames = trpc.account.displayNames.useQuery();
  return (
    <Section
      title={<FormattedMessage {...messages.displayNamesTitle} />}
      description={<FormattedMessage {...messages.displayNamesDescription} />}
    >
      {displayNames.isPending ? (
        <Loading />
      ) : displayNames.isError ? (
        <ErrorState error={displayNames.error} onRetry={() => displayNames.refetch()} />
      ) : displayNames.data.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.displayNamesEmpty} />}>
          <FormattedMessage {...messages.displayNamesEmptyText} />
        </EmptyState>
      ) : (
        <div className="stack">
          {displayNames.data.map((row) => (
            <DisplayNameRow key={row.channelId} row={row} />
          ))}
        </div>
      )}
    </Section>
  );
}

function EmailSection() {
  const intl = useIntl();
  const me = useMe();
  const meCache = useMeCache();
  const [values, setValues] = useState({ newEmail: '', password: '' });
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const [changedTo, setChangedTo] = useState<string | null>(null);
  const change = trpc.account.changeEmail.useMutation({
    onSuccess: ({ me: next }) => {
      // The server normalises the address (lower case); show what was stored.
      setChangedTo(next.email);
      setValues({ newEmail: '', password: '' });
      meCache.set(next);
    },
  });
  const fieldErrors = useFieldErrors(clientErrors, change.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setChangedTo(null);
    const errors = validateFields(values, { newEmail: ['required', 'email'], password: ['required'] });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    change.mutate({ newEmail: values.newEmail.trim(), password: values.password });
  }

  return (
    <Section
      title={<FormattedMessage {...messages.emailTitle} />}
      description={
        <FormattedMessage {...messages.emailCurrent} values={{ email: <strong>{me.email}</strong> }} />
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={intl.formatMessage(messages.newEmail)}
          name="newEmail"
          type="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          value={values.newEmail}
          onChange={(event) => setValues((current) => ({ ...current, newEmail: event.target.value }))}
          error={fieldErrors.newEmail}
        />
        <TextField
          label={intl.formatMessage(messages.emailPassword)}
          name="password"
          type="password"
          autoComplete="current-password"
          value={values.password}
          onChange={(event) => setValues((current) => ({ ...current, password: event.target.value }))}
          error={fieldErrors.password}
        />
        <FormError error={change.error} />
        {changedTo ? (
          <Notice>{intl.formatMessage(messages.emailChanged, { email: changedTo })}</Notice>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={change.isPending}>
            {intl.formatMessage(change.isPending ? messages.saving : messages.emailSubmit)}
          </button>
        </div>
      </form>
    </Section>
  );
}

function PasswordSection() {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const empty = { currentPassword: '', newPassword: '', confirmPassword: '' };
  const [values, setValues] = useState(empty);
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const change = trpc.account.changePassword.useMutation({
    onSuccess: () => {
      setValues(empty);
      void utils.sessions.list.invalidate();
    },
  });
  const fieldErrors = useFieldErrors(clientErrors, change.error);
  const set = (field: keyof typeof empty) => (event: ChangeEvent<HTMLInputElement>) => {
    setValues((current) => ({ ...current, [field]: event.target.value }));
    change.reset();
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields(values, {
      currentPassword: ['required'],
      newPassword: ['required', 'password'],
      confirmPassword: ['required'],
    });
    if (!errors.confirmPassword && values.confirmPassword !== values.newPassword) {
      errors.confirmPassword = 'validation.password_mismatch';
    }
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword });
  }

  return (
    <Section
      title={<FormattedMessage {...messages.passwordTitle} />}
      description={<FormattedMessage {...messages.passwordDescription} />}
    >
      <form className="form" onSubmit={submit} noValidate>
        {/* Hidden username so password managers update the right entry. */}
        <PasswordManagerUsername />
        <TextField
          label={intl.formatMessage(messages.currentPassword)}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={set('currentPassword')}
          error={fieldErrors.currentPassword}
        />
        <TextField
          label={intl.formatMessage(messages.newPassword)}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          hint={intl.formatMessage(passwordHint, { min: PASSWORD_MIN })}
          value={values.newPassword}
          onChange={set('newPassword')}
          error={fieldErrors.newPassword}
        />
        <TextField
          label={intl.formatMessage(messages.confirmPassword)}
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          value={values.confirmPassword}
          onChange={set('confirmPassword')}
          error={fieldErrors.confirmPassword}
        />
        <FormError error={change.error} />
        {change.isSuccess ? <Notice>{intl.formatMessage(messages.passwordChanged)}</Notice> : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={change.isPending}>
            {intl.formatMessage(change.isPending ? messages.saving : messages.passwordSubmit)}
          </button>
        </div>
      </form>
    </Section>
  );
}

function PasswordManagerUsername() {
  const me = useMe();
  return <input type="email" name="username" autoComplete="username" value={me.email} readOnly hidden />;
}

export function MyAccountPage() {
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <ProfileSection />
      <AvatarSection />
      <DisplayNamesSection />
      <EmailSection />
      <PasswordSection />
    </Page>
  );
}
