import { type ReactNode, useEffect, useId, useRef } from 'react';
import { defineMessages, FormattedMessage } from 'react-intl';
import { FormError } from './status';

const messages = defineMessages({
  cancel: { id: 'common.cancel', defaultMessage: 'Cancel' },
});

/**
 * A modal question before something that can't be undone (merge, delete, disable). The native <dialog>
 * traps focus, closes on Escape and returns focus to the button that opened it; the heading names it.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger = false,
  pending = false,
  confirmDisabled = false,
  error,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: ReactNode;
  danger?: boolean;
  pending?: boolean;
  confirmDisabled?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={children ? bodyId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onCancel();
      }}
    >
      {open ? (
        <form
          method="dialog"
          className="dialog-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!pending && !confirmDisabled) onConfirm();
          }}
        >
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          {children ? (
            <div id={bodyId} className="dialog-body">
              {children}
            </div>
          ) : null}
          <FormError error={error} />
          <div className="dialog-actions">
            <button type="button" className="button" disabled={pending} onClick={onCancel}>
              <FormattedMessage {...messages.cancel} />
            </button>
            <button
              type="submit"
              className={`button ${danger ? 'button-danger-solid' : 'button-primary'}`}
              disabled={pending || confirmDisabled}
            >
              {confirmLabel}
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
