import { useEffect, useId, useRef } from 'react';
import { defineMessages, FormattedMessage } from 'react-intl';
import { useFocusReturn } from '../../../lib/use-focus-return';

const messages = defineMessages({
  close: { id: 'files.lightbox.close', defaultMessage: 'Close' },
  download: { id: 'files.lightbox.download', defaultMessage: 'Download' },
});

/**
 * A full-size image in a modal. The native <dialog> traps focus, closes on Escape and gives focus
 * back to the thumbnail that opened it; its name is the file name.
 */
export function Lightbox({
  image,
  onClose,
}: {
  image: { url: string; name: string; width: number | null; height: number | null };
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useFocusReturn();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="dialog lightbox" aria-labelledby={titleId} onClose={onClose}>
      <figure className="lightbox-figure">
        <img
          src={image.url}
          alt={image.name}
          width={image.width ?? undefined}
          height={image.height ?? undefined}
        />
        <figcaption id={titleId}>{image.name}</figcaption>
      </figure>
      <div className="dialog-actions">
        <a className="button" href={image.url} download={image.name}>
          <FormattedMessage {...messages.download} />
        </a>
        <button type="button" className="button button-primary" onClick={() => dialog.current?.close()}>
          <FormattedMessage {...messages.close} />
        </button>
      </div>
    </dialog>
  );
}
