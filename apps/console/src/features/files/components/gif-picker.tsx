import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { FormError, Loading } from '../../../components/status';
import { upsertMessage } from '../../../lib/chat-messages';
import { trpc } from '../../../lib/trpc';

const messages = defineMessages({
  title: { id: 'gif.title', defaultMessage: 'Send a GIF' },
  search: { id: 'gif.search', defaultMessage: 'Search GIFs' },
  results: { id: 'gif.results', defaultMessage: 'GIF results' },
  hint: {
    id: 'gif.hint',
    defaultMessage: 'Type a word to find GIFs. Arrow keys move between them, Enter sends.',
  },
  empty: { id: 'gif.empty', defaultMessage: 'No GIFs found. Try another word.' },
  noProvider: {
    id: 'gif.noProvider',
    defaultMessage: 'No GIF provider is set up. An admin can add Giphy or Tenor in Manage → Integrations.',
  },
  close: { id: 'gif.close', defaultMessage: 'Close' },
});

const COLUMNS = 3;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** C8: search the account's GIF provider and send one; Escape closes, arrow keys move in the grid. */
export function GifPicker({
  id,
  conversationId,
  onClose,
}: {
  id: string;
  conversationId: string;
  onClose: () => void;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const inputId = useId();
  const [query, setQuery] = useState('');
  const term = useDebounced(query.trim(), 300);
  const provider = trpc.media.gifProvider.useQuery();
  const available = Boolean(provider.data?.provider);
  const search = trpc.integrations.searchGifs.useQuery(
    { query: term, limit: 24 },
    { enabled: available && term.length > 0, retry: false, staleTime: 60_000 },
  );
  const send = trpc.media.sendGif.useMutation({
    onSuccess: (message) => {
      utils.chats.get.setData({ conversationId }, (data) =>
        data ? { ...data, messages: upsertMessage(data.messages, message) } : data,
      );
      onClose();
    },
  });
  const grid = useRef<HTMLUListElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  // Focus goes into the panel even when searching is impossible (no provider yet): Escape, which the
  // panel handles, then always closes it.
  useEffect(() => {
    (available ? input.current : closeButton.current)?.focus();
  }, [available]);

  function moveFocus(event: KeyboardEvent<HTMLUListElement>) {
    const buttons = [...(grid.current?.querySelectorAll('button') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return;
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = buttons[index + step];
    if (next) next.focus();
    else if (step < 0 && event.key === 'ArrowUp') input.current?.focus();
  }

  const items = search.data?.items ?? [];
  return (
    <section
      id={id}
      className="gif-picker"
      aria-label={intl.formatMessage(messages.title)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="gif-picker-head">
        <label htmlFor={inputId} className="visually-hidden">
          <FormattedMessage {...messages.search} />
        </label>
        <input
          id={inputId}
          ref={input}
          type="search"
          className="input"
          placeholder={intl.formatMessage(messages.search)}
          value={query}
          disabled={!available}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              grid.current?.querySelector('button')?.focus();
            }
          }}
        />
        <button type="button" className="button button-small" ref={closeButton} onClick={onClose}>
          <FormattedMessage {...messages.close} />
        </button>
      </div>
      {provider.isPending ? (
        <Loading />
      ) : !available ? (
        <p className="state gif-empty" role="status">
          <FormattedMessage {...messages.noProvider} />
        </p>
      ) : term.length === 0 ? (
        <p className="muted gif-hint">
          <FormattedMessage {...messages.hint} />
        </p>
      ) : search.isPending ? (
        <Loading />
      ) : search.isError ? (
        <FormError error={search.error} />
      ) : items.length === 0 ? (
        <p className="state gif-empty" role="status">
          <FormattedMessage {...messages.empty} />
        </p>
      ) : (
        <ul
          ref={grid}
          className="gif-grid"
          aria-label={intl.formatMessage(messages.results)}
          onKeyDown={moveFocus}
        >
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className="gif-choice"
                aria-label={item.title || intl.formatMessage(messages.title)}
                disabled={send.isPending}
                onClick={() =>
                  send.mutate({
                    conversationId,
                    clientId: crypto.randomUUID(),
                    gif: {
                      url: item.url,
                      previewUrl: item.previewUrl,
                      width: item.width,
                      height: item.height,
                      provider: provider.data?.provider ?? 'gif',
                      title: item.title,
                    },
                  })
                }
              >
                <img src={item.previewUrl} alt="" loading="lazy" />
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormError error={send.error} />
    </section>
  );
}
