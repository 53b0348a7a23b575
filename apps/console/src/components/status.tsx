import type { ReactNode } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { describeError, genericErrorMessages } from '../lib/errors';

const messages = defineMessages({
  loading: { id: 'common.loading', defaultMessage: 'Loading…' },
  retry: { id: 'common.retry', defaultMessage: 'Try again' },
});

export const passwordHint = defineMessage<{ min: number }>({
  id: 'common.passwordHint',
  defaultMessage: 'At least {min, number} characters.',
});

export function Spinner({ small }: { small?: boolean }) {
  return <span className={small ? 'spinner spinner-small' : 'spinner'} aria-hidden="true" />;
}

export function Loading({ label }: { label?: ReactNode }) {
  return (
    <div className="state state-loading" role="status">
      <Spinner />
      <span>{label ?? <FormattedMessage {...messages.loading} />}</span>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const intl = useIntl();
  return (
    <div className="state state-error" role="alert">
      <p>{intl.formatMessage(describeError(error).message)}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          <FormattedMessage {...messages.retry} />
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children ? <div className="state-text">{children}</div> : null}
    </div>
  );
}

/**
 * The form-level error of a failed mutation, announced when it appears. Plain validation failures are
 * already shown beside their fields, so they don't repeat here.
 */
export function FormError({ error }: { error: unknown }) {
  const intl = useIntl();
  if (!error) return null;
  const { message, fieldErrors } = describeError(error);
  if (message === genericErrorMessages.badRequest && Object.keys(fieldErrors).length > 0) return null;
  return (
    <p className="form-error" role="alert">
      {intl.formatMessage(message)}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}
