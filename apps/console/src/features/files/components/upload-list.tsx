import { defineMessage, defineMessages, FormattedMessage, type PrimitiveType, useIntl } from 'react-intl';
import { describeError } from '../../../lib/errors';
import type { TUpload } from '../hooks/use-uploads';

const messages = defineMessages({
  list: { id: 'files.uploads', defaultMessage: 'Uploads' },
  progress: defineMessage<{ name: PrimitiveType }>({
    id: 'files.uploading',
    defaultMessage: 'Uploading {name}',
  }),
  failed: defineMessage<{ name: PrimitiveType }>({
    id: 'files.failed',
    defaultMessage: '{name} was not sent:',
  }),
  cancel: { id: 'files.cancel', defaultMessage: 'Cancel' },
  dismiss: { id: 'files.dismiss', defaultMessage: 'Dismiss' },
});

/** Files on their way, with a progress bar each; refusals explain why (type, size...). */
export function UploadList({ uploads, onDismiss }: { uploads: TUpload[]; onDismiss: (id: string) => void }) {
  const intl = useIntl();
  if (uploads.length === 0) return null;
  return (
    <ul className="upload-list" aria-label={intl.formatMessage(messages.list)}>
      {uploads.map((upload) => (
        <li key={upload.id} className={`upload is-${upload.status}`}>
          {upload.status === 'uploading' ? (
            <>
              <span className="upload-name">
                <bdi>{upload.name}</bdi>
              </span>
              <progress
                max={1}
                value={upload.progress}
                aria-label={intl.formatMessage(messages.progress, { name: upload.name })}
              />
            </>
          ) : (
            <span role="alert" className="upload-error">
              <FormattedMessage {...messages.failed} values={{ name: <bdi>{upload.name}</bdi> }} />{' '}
              {intl.formatMessage(describeError(upload.error).message)}
            </span>
          )}
          <button type="button" className="link-button" onClick={() => onDismiss(upload.id)}>
            <FormattedMessage {...(upload.status === 'uploading' ? messages.cancel : messages.dismiss)} />
          </button>
        </li>
      ))}
    </ul>
  );
}
