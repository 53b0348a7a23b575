import type { Translate } from '../lib/i18n';
import type { ChatSession, ChatState } from './session';

/** G7: the visitor ends an open chat themselves (the rating panel then appears). */
export function EndChatButton({ s, t, session }: { s: ChatState; t: Translate; session: ChatSession }) {
  if (!s.conversation || !s.connected) return null;
  return (
    <button type="button" class="link end-chat" onClick={() => void session.endChat().catch(() => {})}>
      {t('endChat')}
    </button>
  );
}
