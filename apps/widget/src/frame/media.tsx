import { useEffect, useRef, useState } from 'preact/hooks';
import type { Translate } from '../lib/i18n';
import type { WidgetAttachment, WidgetMessage } from '../types';
import { Sentence } from './sentence';
import type { ChatSession } from './session';

/**
 * C11/C8 in the widget: sending files (button, drop, paste) with progress, and showing images,
 * file links and GIFs. Kept apart from app.tsx; plain XHR keeps it small and reports progress.
 */
export interface Upload {
  id: string;
  name: string;
  progress: number;
  error?: string;
}

const ERRORS: Record<string, 'fileType' | 'fileTooLarge' | 'rateLimited' | 'banned'> = {
  'file.type_not_allowed': 'fileType',
  'file.too_large': 'fileTooLarge',
  'widget.rate_limited': 'rateLimited',
  'widget.banned': 'banned',
};

export function useUploads(session: ChatSession, t: Translate) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const patch = (id: string, change: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...change } : u)));
  const add = (files: ArrayLike<File>) => {
    const token = session.visitorToken;
    if (!token) return;
    for (const file of Array.from(files)) {
      const id = crypto.randomUUID();
      setUploads((list) => [...list, { id, name: file.name || 'file', progress: 0 }]);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/uploads/file?${new URLSearchParams({ clientId: id, name: file.name || 'file' })}`);
      xhr.setRequestHeader('x-parley-visitor', token);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) patch(id, { progress: e.loaded / e.total });
      };
      xhr.onload = () => {
        if (xhr.status === 200) {
          session.receive(JSON.parse(xhr.responseText) as WidgetMessage);
          setUploads((list) => list.filter((u) => u.id !== id));
          return;
        }
        let code = xhr.status === 413 ? 'file.too_large' : '';
        try {
          code = (JSON.parse(xhr.responseText) as { error: { appCode: string } }).error.appCode;
        } catch {}
        patch(id, { error: t(ERRORS[code] ?? 'genericError') });
      };
      xhr.onerror = () => patch(id, { error: t('genericError') });
      xhr.send(file);
    }
  };
  const dismiss = (id: string) => setUploads((list) => list.filter((u) => u.id !== id));
  return { uploads, add, dismiss };
}

export function UploadList({
  uploads,
  t,
  onDismiss,
}: {
  uploads: Upload[];
  t: Translate;
  onDismiss(id: string): void;
}) {
  if (uploads.length === 0) return null;
  return (
    <ul class="uploads">
      {uploads.map((u) => (
        <li key={u.id}>
          {u.error ? (
            <span class="error" role="alert">
              <Sentence t={t} k="fileFailed" params={{ name: u.name }} /> {u.error}{' '}
              <button type="button" class="link" onClick={() => onDismiss(u.id)}>
                {t('dismiss')}
              </button>
            </span>
          ) : (
            <>
              <bdi class="name">{u.name}</bdi>
              <progress max={1} value={u.progress} aria-label={t('uploading', { name: u.name })} />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

export function AttachButton({ t, onFiles }: { t: Translate; onFiles(files: FileList): void }) {
  return (
    <label class="icon attach" title={t('attach')}>
      <input
        type="file"
        multiple
        class="sr"
        aria-label={t('attach')}
        onChange={(e) => {
          const input = e.currentTarget;
          if (input.files) onFiles(input.files);
          input.value = '';
        }}
      />
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M20 11.5l-8 8a5 5 0 01-7-7l8.5-8.5a3.3 3.3 0 014.7 4.7L9.7 17.2a1.7 1.7 0 01-2.4-2.4L15 7" />
      </svg>
    </label>
  );
}

/** Handlers for the composer: dropped files and pasted images are sent. */
export function dropHandlers(add: (files: FileList) => void) {
  const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
  return {
    onDragOver: (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    },
    onDrop: (e: DragEvent) => {
      if (!hasFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      add(e.dataTransfer.files);
    },
    onPaste: (e: ClipboardEvent) => {
      const files = e.clipboardData?.files;
      if (!files?.length) return;
      e.preventDefault();
      add(files);
    },
  };
}

const fitSize = (w: number | null, h: number | null, max: number) => {
  if (!w || !h) return {};
  const k = Math.min(1, max / Math.max(w, h));
  return { width: Math.round(w * k), height: Math.round(h * k) };
};

/**
 * A full-size image over the chat. The native <dialog> traps focus, closes on Escape and gives focus
 * back to the thumbnail; its name is the file name.
 */
function Lightbox({ a, t, onClose }: { a: WidgetAttachment; t: Translate; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="lightbox"
      aria-label={a.name}
      onClose={onClose}
      // Escape closes the image only, not the chat window around it (app.tsx listens for Escape too).
      onKeyDown={(e) => {
        if (e.key === 'Escape') e.stopPropagation();
      }}
    >
      <img src={a.url} alt={a.name} />
      <div class="lightbox-actions">
        <a href={a.url} download={a.name} class="file">
          {t('download')}
        </a>
        <button type="button" class="primary" onClick={() => dialog.current?.close()}>
          {t('closeImage')}
        </button>
      </div>
    </dialog>
  );
}

function FileLink({ a, t }: { a: WidgetAttachment; t: Translate }) {
  const [open, setOpen] = useState(false);
  if (a.image)
    return (
      <>
        <button
          type="button"
          class="thumb"
          aria-label={t('openImage', { name: a.name })}
          onClick={() => setOpen(true)}
        >
          <img src={a.url} alt="" loading="lazy" {...fitSize(a.width, a.height, 200)} />
        </button>
        {open ? <Lightbox a={a} t={t} onClose={() => setOpen(false)} /> : null}
      </>
    );
  const kb = a.size / 1024;
  return (
    <a href={a.url} download={a.name} class="file">
      <bdi>{a.name}</bdi>{' '}
      <span class="size">({kb < 1024 ? `${Math.ceil(kb)} KB` : `${(kb / 1024).toFixed(1)} MB`})</span>
    </a>
  );
}

/** A file or GIF message's content inside its bubble. */
export function MessageMedia({ m, t }: { m: WidgetMessage; t: Translate }) {
  if (m.gif)
    return (
      <img
        class="gif"
        src={m.gif.url}
        alt={m.gif.title || 'GIF'}
        loading="lazy"
        {...fitSize(m.gif.width, m.gif.height, 200)}
      />
    );
  return (
    <>
      {(m.attachments ?? []).map((a) => (
        <FileLink key={a.id} a={a} t={t} />
      ))}
    </>
  );
}
