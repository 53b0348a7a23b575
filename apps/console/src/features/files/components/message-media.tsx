import { useState } from 'react';
import { defineMessage, defineMessages, useIntl } from 'react-intl';
import type { TChatMessage } from '../../../lib/chat-types';
import { formatFileSize } from '../upload';
import { Lightbox } from './lightbox';

const messages = defineMessages({
  openImage: defineMessage<{ name: string }>({ id: 'files.openImage', defaultMessage: 'Open image {name}' }),
  download: defineMessage<{ name: string; size: string }>({
    id: 'files.download',
    defaultMessage: 'Download {name} ({size})',
  }),
  gif: { id: 'files.gif', defaultMessage: 'GIF' },
});

type TAttachment = NonNullable<TChatMessage['attachments']>[number];

/** Caps a preview at `max` pixels on its longer side, keeping the ratio (no layout jump on load). */
export function previewSize(width: number | null, height: number | null, max: number) {
  if (!width || !height) return { width: undefined, height: undefined };
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

function FileChip({ file }: { file: TAttachment }) {
  const intl = useIntl();
  const size = formatFileSize(file.size, intl.locale);
  return (
    <a
      className="file-chip"
      href={file.url}
      download={file.name}
      aria-label={intl.formatMessage(messages.download, { name: file.name, size })}
    >
      <svg className="file-chip-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
        <path d="M6 2h8l5 5v15H6z M14 2v5h5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      </svg>
      <span className="file-chip-name">
        <bdi>{file.name}</bdi>
      </span>{' '}
      <span className="file-chip-size muted">({size})</span>
    </a>
  );
}

/** C11/C8 in the transcript: image thumbnails (opening a lightbox), file chips, GIFs. */
export function MessageMedia({ message }: { message: TChatMessage }) {
  const intl = useIntl();
  const [open, setOpen] = useState<TAttachment | null>(null);
  if (message.gif) {
    const size = previewSize(message.gif.width, message.gif.height, 240);
    return (
      <img
        className="message-gif"
        src={message.gif.url}
        alt={message.gif.title || intl.formatMessage(messages.gif)}
        loading="lazy"
        {...size}
      />
    );
  }
  return (
    <div className="message-files">
      {(message.attachments ?? []).map((file) =>
        file.image ? (
          <button
            key={file.id}
            type="button"
            className="image-thumb"
            aria-label={intl.formatMessage(messages.openImage, { name: file.name })}
            onClick={() => setOpen(file)}
          >
            <img src={file.url} alt="" loading="lazy" {...previewSize(file.width, file.height, 240)} />
          </button>
        ) : (
          <FileChip key={file.id} file={file} />
        ),
      )}
      {open ? <Lightbox image={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
