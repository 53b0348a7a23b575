import '../pointer.css';
import { finder } from '@medv/finder';
import { useEffect, useId, useRef, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { FormError } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useFocusReturn } from '../../../lib/use-focus-return';
import { useLiveEvents } from '../../live';
import { canFrame } from '../can-frame';
import { EMPTY_SNAPSHOT_DOC, fillSnapshotFrame } from '../snapshot-frame';

const messages = defineMessages({
  open: { id: 'pointer.open', defaultMessage: 'Point on page' },
  title: { id: 'pointer.title', defaultMessage: 'Point at something on the visitor’s page' },
  pickHint: {
    id: 'pointer.pickHint',
    defaultMessage: 'Click an element of the page below, or type a CSS selector.',
  },
  asking: { id: 'pointer.asking', defaultMessage: 'Getting a copy of the visitor’s page…' },
  noSnapshot: {
    id: 'pointer.noSnapshot',
    defaultMessage:
      'The visitor’s page did not send a copy (it was closed, changed, or is too large). Type a CSS selector of the element.',
  },
  page: { id: 'pointer.page', defaultMessage: 'Visitor’s page' },
  selector: { id: 'pointer.selector', defaultMessage: 'CSS selector' },
  selectorHint: {
    id: 'pointer.selectorHint',
    defaultMessage: 'For example #pricing, .plans li:nth-child(2) or button[name=buy]',
  },
  send: { id: 'pointer.send', defaultMessage: 'Show to visitor' },
  cancel: { id: 'pointer.cancel', defaultMessage: 'Cancel' },
  sent: { id: 'pointer.sent', defaultMessage: 'Shown on the visitor’s page.' },
});

/** How long the visitor's page has to send its copy before the picker says it will not come. */
const SNAPSHOT_WAIT_MS = 10_000;

type TSnapshot = { html: string; css: string; url: string };

/**
 * C6 Pointer: the agent picks an element of the visitor's current page (rendered in a sandboxed
 * frame without scripts, so the page's own widget does not start) or types a selector; the
 * visitor's page scrolls to it and highlights it. A page of our own origin is framed directly; a
 * page of another site sends a sanitised copy of itself through the widget (snapshot-frame.ts).
 */
export function PointerPicker({
  conversationId,
  page,
}: {
  conversationId: string;
  page: { url: string; title: string } | null;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [selector, setSelector] = useState('');
  const [sentFor, setSentFor] = useState<string | null>(null);
  const titleId = useId();
  const hintId = useId();
  const send = trpc.pointer.send.useMutation({
    onSuccess: () => {
      setSentFor(selector);
      setOpen(false);
    },
  });
  const framable = canFrame(page?.url, window.location.origin);
  const snapshot = useSnapshot(conversationId, open && !framable ? (page?.url ?? null) : null);
  const pickedOn = snapshot.copy?.url ?? page?.url;

  useFocusReturn(open);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <>
      <button
        type="button"
        className="button button-small"
        disabled={!page}
        onClick={() => {
          send.reset();
          setSentFor(null);
          setOpen(true);
        }}
      >
        <FormattedMessage {...messages.open} />
      </button>
      {sentFor ? (
        <span className="visually-hidden" role="status">
          <FormattedMessage {...messages.sent} />
        </span>
      ) : null}
      <dialog
        ref={dialog}
        className="dialog pointer-dialog"
        aria-labelledby={titleId}
        onCancel={(event) => {
          event.preventDefault();
          setOpen(false);
        }}
      >
        {open ? (
          <form
            className="dialog-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (selector.trim())
                send.mutate({
                  conversationId,
                  selector: selector.trim(),
                  ...(pickedOn ? { url: pickedOn } : {}),
                });
            }}
          >
            <h2 id={titleId} className="dialog-title">
              <FormattedMessage {...messages.title} />
            </h2>
            <p className="muted" role="status">
              <FormattedMessage
                {...(framable || snapshot.copy
                  ? messages.pickHint
                  : snapshot.failed
                    ? messages.noSnapshot
                    : messages.asking)}
              />
            </p>
            {framable && page ? <PageStage source={{ url: page.url }} onPick={setSelector} /> : null}
            {snapshot.copy ? <PageStage source={snapshot.copy} onPick={setSelector} /> : null}
            <label className="field">
              <span>
                <FormattedMessage {...messages.selector} />
              </span>
              <input
                className="input"
                value={selector}
                maxLength={500}
                spellCheck={false}
                aria-describedby={hintId}
                onChange={(event) => setSelector(event.target.value)}
              />
              <span id={hintId} className="muted">
                <FormattedMessage {...messages.selectorHint} />
              </span>
            </label>
            <FormError error={send.error} />
            <div className="dialog-actions">
              <button type="button" className="button" onClick={() => setOpen(false)}>
                <FormattedMessage {...messages.cancel} />
              </button>
              <button
                type="submit"
                className="button button-primary"
                disabled={!selector.trim() || send.isPending}
              >
                <FormattedMessage {...messages.send} />
              </button>
            </div>
          </form>
        ) : null}
      </dialog>
    </>
  );
}

type TBox = { top: number; left: number; width: number; height: number };

/** Keys pressed inside the page's frame stay there: Escape there closes the dialog like anywhere else in it. */
function forwardEscape(frame: HTMLIFrameElement) {
  frame.contentDocument?.addEventListener('keydown', (event) => {
    if (event.key === 'Escape')
      frame.closest('dialog')?.dispatchEvent(new Event('cancel', { cancelable: true }));
  });
}

/**
 * While `url` is set: asks the visitor's page on it for its copy and waits for it (only the answer
 * to this request counts); `failed` once it did not come in time.
 */
function useSnapshot(conversationId: string, url: string | null) {
  const [copy, setCopy] = useState<TSnapshot | null>(null);
  const [failed, setFailed] = useState(false);
  const requestId = useRef<string | null>(null);
  // An answer may overtake the response to the request itself (it comes over the live socket).
  const early = useRef<{ requestId: string; copy: TSnapshot } | null>(null);
  const request = trpc.pointer.requestSnapshot.useMutation();
  const { mutate } = request;

  useEffect(() => {
    setCopy(null);
    setFailed(false);
    requestId.current = null;
    early.current = null;
    if (!url) return;
    let done = false;
    mutate(
      { conversationId, url },
      {
        onSuccess: (r) => {
          if (done) return;
          if (early.current?.requestId === r.requestId) setCopy(early.current.copy);
          else requestId.current = r.requestId;
        },
        onError: () => setFailed(true),
      },
    );
    const timer = setTimeout(() => setFailed(true), SNAPSHOT_WAIT_MS);
    return () => {
      done = true;
      clearTimeout(timer);
    };
  }, [conversationId, url, mutate]);

  useLiveEvents((event) => {
    if (event.type !== 'pointer.snapshot') return;
    const copy = { html: event.html, css: event.css, url: event.url };
    if (!requestId.current) early.current = { requestId: event.requestId, copy };
    else if (event.requestId === requestId.current) {
      requestId.current = null;
      setCopy(copy);
    }
  });
  return { copy, failed: failed && !copy };
}

/**
 * The page in a frame with scripts off (`sandbox` without allow-scripts) and an overlay that
 * catches the mouse: the element under the pointer is outlined, a click turns it into a selector.
 * `source`: the page itself (our own origin) or the copy another site's page sent.
 */
function PageStage({
  source,
  onPick,
}: {
  source: { url: string } | TSnapshot;
  onPick: (selector: string) => void;
}) {
  const intl = useIntl();
  const frame = useRef<HTMLIFrameElement>(null);
  const [box, setBox] = useState<TBox | null>(null);

  const elementAt = (clientX: number, clientY: number) => {
    const element = frame.current;
    const doc = element?.contentDocument;
    if (!element || !doc) return null;
    const rect = element.getBoundingClientRect();
    const target = doc.elementFromPoint(clientX - rect.left, clientY - rect.top);
    return target && target !== doc.documentElement && target !== doc.body ? { target, doc } : null;
  };
  const outline = (target: Element | null) => {
    if (!target) return setBox(null);
    const r = target.getBoundingClientRect();
    setBox({ top: r.top, left: r.left, width: r.width, height: r.height });
  };

  return (
    <div className="pointer-stage">
      {'html' in source ? (
        <iframe
          ref={frame}
          srcDoc={EMPTY_SNAPSHOT_DOC}
          sandbox="allow-same-origin"
          title={intl.formatMessage(messages.page)}
          onLoad={(event) => {
            fillSnapshotFrame(event.currentTarget, source);
            forwardEscape(event.currentTarget);
          }}
        />
      ) : (
        <iframe
          ref={frame}
          src={source.url}
          sandbox="allow-same-origin"
          title={intl.formatMessage(messages.page)}
          onLoad={(event) => forwardEscape(event.currentTarget)}
        />
      )}
      {/* A mouse-only surface, hidden from assistive technology: the selector field is the keyboard way. */}
      <div
        className="pointer-overlay"
        aria-hidden="true"
        onMouseMove={(event) => outline(elementAt(event.clientX, event.clientY)?.target ?? null)}
        onMouseLeave={() => setBox(null)}
        onWheel={(event) => {
          frame.current?.contentWindow?.scrollBy(event.deltaX, event.deltaY);
          setBox(null);
        }}
        onClick={(event) => {
          const hit = elementAt(event.clientX, event.clientY);
          if (!hit) return;
          outline(hit.target);
          // Unique within the whole page, so the visitor's `document.querySelector` finds the same.
          onPick(finder(hit.target, { root: hit.doc as unknown as Element, timeoutMs: 500 }));
        }}
      />
      {box ? <div className="pointer-box" style={box} /> : null}
    </div>
  );
}
