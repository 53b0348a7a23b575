import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Translate } from '../lib/i18n';
import { LIMITS } from '../types';
import { EmojiPicker } from './emoji-picker';
import { AttachButton, dropHandlers, type useUploads } from './media';
import type { ChatSession, ChatState } from './session';

/** The message box: Enter sends, Shift+Enter breaks the line; files, emoji and the send button. */
export function Composer({
  s,
  t,
  session,
  files,
}: {
  s: ChatState;
  t: Translate;
  session: ChatSession;
  files: ReturnType<typeof useUploads>;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [emojiOpen, setEmojiOpen] = useState(false);

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 120)}px`;
  }, [s.draft]);

  const submit = () => {
    if (session.send(s.draft)) area.current?.focus();
  };
  const insert = (emoji: string) => {
    const el = area.current;
    const start = el?.selectionStart ?? s.draft.length;
    const end = el?.selectionEnd ?? s.draft.length;
    session.setDraft(s.draft.slice(0, start) + emoji + s.draft.slice(end));
    setEmojiOpen(false);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  return (
    <form
      class="composer"
      {...dropHandlers(files.add)}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label class="sr" for="parley-input">
        {t('composerLabel')}
      </label>
      <textarea
        id="parley-input"
        ref={area}
        rows={1}
        maxLength={LIMITS.body}
        placeholder={t('composerPlaceholder')}
        value={s.draft}
        onInput={(e) => session.setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <div class="tools">
        <AttachButton t={t} onFiles={files.add} />
        <button
          type="button"
          class="icon"
          aria-label={t('emoji')}
          title={t('emoji')}
          aria-expanded={emojiOpen}
          onClick={() => setEmojiOpen(!emojiOpen)}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <circle cx="12" cy="12" r="9" />
            <path d="M8.5 14.5s1.2 1.8 3.5 1.8 3.5-1.8 3.5-1.8M9 9.5h.01M15 9.5h.01" />
          </svg>
        </button>
        <button
          type="submit"
          class="icon send"
          aria-label={t('send')}
          title={t('send')}
          disabled={!s.draft.trim()}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M4 12l16-8-6 16-2.5-6.5z" />
          </svg>
        </button>
      </div>
      {emojiOpen && <EmojiPicker t={t} onPick={insert} onClose={() => setEmojiOpen(false)} />}
    </form>
  );
}
