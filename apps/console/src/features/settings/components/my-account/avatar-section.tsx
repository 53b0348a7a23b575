import { type ChangeEvent, useEffect, useId, useRef, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Avatar } from '../../../../components/avatar';
import { Section } from '../../../../components/page';
import { Notice } from '../../../../components/status';
import { describeError } from '../../../../lib/errors';
import { useMe } from '../../../../lib/use-me';
import { useMeCache } from '../../../../lib/use-update-me';
import { AVATAR_TYPES, checkAvatarFile, removeAvatar, uploadAvatar } from '../../avatar-upload';

const messages = defineMessages({
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
});

export function AvatarSection() {
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
