import { type DragEvent, type ReactNode, useId, useRef, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { trpc } from '../../../lib/trpc';
import { useKeepClear } from '../hooks/use-keep-clear';
import { useUploads } from '../hooks/use-uploads';
import { GifPicker } from './gif-picker';
import { UploadList } from './upload-list';

const messages = defineMessages({
  reply: { id: 'files.reply', defaultMessage: 'Reply' },
  tools: { id: 'files.tools', defaultMessage: 'Attachments' },
  attach: { id: 'files.attach', defaultMessage: 'Attach files' },
  gif: { id: 'files.gifButton', defaultMessage: 'GIF' },
  gifLabel: { id: 'files.gifButtonLabel', defaultMessage: 'Send a GIF' },
  drop: { id: 'files.drop', defaultMessage: 'Drop files to send them' },
  textOnly: {
    id: 'files.textOnly',
    defaultMessage: 'This channel carries text only: files can’t be sent here.',
  },
});

const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * C11/C8 around the composer: an attach button, a GIF button, dropping files anywhere on it and
 * pasting images into the text box; uploads show their progress above the text box.
 */
export function ComposerMedia({ conversationId, children }: { conversationId: string; children: ReactNode }) {
  const intl = useIntl();
  const { uploads, add, dismiss } = useUploads(conversationId);
  const [dragging, setDragging] = useState(false);
  const [gifOpen, setGifOpen] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const gifButton = useRef<HTMLButtonElement>(null);
  const area = useRef<HTMLElement>(null);
  useKeepClear(area);
  const gifId = useId();
  const hintId = useId();
  // A plugin channel may carry text only (it says so in its features); website chats carry files.
  const limits = trpc.integrations.channelLimits.useQuery({ conversationId }, { staleTime: 60_000 });
  const filesAccepted = limits.data?.files !== false;

  return (
    <section
      ref={area}
      aria-label={intl.formatMessage(messages.reply)}
      className={`composer-media${dragging ? ' is-dragging' : ''}`}
      onDragEnter={(event) => {
        if (hasFiles(event)) setDragging(true);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragging(false);
        if (filesAccepted) add(event.dataTransfer.files);
      }}
      onKeyDown={(event) => {
        // Escape closes the GIF panel from anywhere in the composer (its toggle, the text box).
        if (event.key === 'Escape' && gifOpen) {
          setGifOpen(false);
          gifButton.current?.focus();
        }
      }}
      onPaste={(event) => {
        // Text pastes as usual; a pasted screenshot or copied file is sent.
        const files = [...event.clipboardData.files];
        if (files.length === 0 || !filesAccepted) return;
        event.preventDefault();
        add(files);
      }}
    >
      {dragging ? (
        <div className="drop-hint" aria-hidden="true">
          <FormattedMessage {...(filesAccepted ? messages.drop : messages.textOnly)} />
        </div>
      ) : null}
      <UploadList uploads={uploads} onDismiss={dismiss} />
      {gifOpen ? (
        <GifPicker
          id={gifId}
          conversationId={conversationId}
          onClose={() => {
            setGifOpen(false);
            gifButton.current?.focus();
          }}
        />
      ) : null}
      <div className="composer-tools" role="toolbar" aria-label={intl.formatMessage(messages.tools)}>
        <button
          type="button"
          className="button button-small button-ghost"
          disabled={!filesAccepted}
          aria-describedby={filesAccepted ? undefined : hintId}
          onClick={() => fileInput.current?.click()}
        >
          <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
            <path
              d="M20 11.5l-8 8a5 5 0 01-7-7l8.5-8.5a3.3 3.3 0 014.7 4.7L9.7 17.2a1.7 1.7 0 01-2.4-2.4L15 7"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.8"
            />
          </svg>
          <FormattedMessage {...messages.attach} />
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          aria-label={intl.formatMessage(messages.attach)}
          onChange={(event) => {
            if (event.target.files) add(event.target.files);
            event.target.value = '';
          }}
        />
        <button
          ref={gifButton}
          type="button"
          className="button button-small button-ghost"
          aria-label={intl.formatMessage(messages.gifLabel)}
          aria-expanded={gifOpen}
          aria-controls={gifOpen ? gifId : undefined}
          onClick={() => setGifOpen((value) => !value)}
        >
          <FormattedMessage {...messages.gif} />
        </button>
        {filesAccepted ? null : (
          <span id={hintId} className="muted composer-tools-hint">
            <FormattedMessage {...messages.textOnly} />
          </span>
        )}
      </div>
      {children}
    </section>
  );
}
