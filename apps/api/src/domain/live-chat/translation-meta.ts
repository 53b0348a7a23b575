/**
 * C7: how a message's translation is stored in `Message.meta.translation` and read back. Pure, so the
 * views and the tests share one reading of the JSON column.
 *
 * - A visitor message: `from` is the visitor's language as detected by the provider, `text` is what
 *   the agents read (in `to`, the conversation's `translateTo`). The body stays the original.
 * - An agent message: `from` is the agent's language, `to` the visitor's; `text` is what the visitor
 *   received. The body stays what the agent wrote.
 * - `failed`: the provider failed or timed out (`error`); everyone got the original text.
 * - `same`: already in the target language, nothing to translate.
 */
export interface MessageTranslation {
  status: 'translated' | 'failed' | 'same';
  from: string | null;
  to: string;
  text?: string;
  error?: 'timeout' | 'provider' | 'no_translator' | 'unknown_language';
}

const STATUSES = new Set(['translated', 'failed', 'same']);

/** The translation stored in a message's meta, if any (anything malformed counts as none). */
export function readTranslation(meta: unknown): MessageTranslation | undefined {
  if (!meta || typeof meta !== 'object') return undefined;
  const t = (meta as { translation?: unknown }).translation;
  if (!t || typeof t !== 'object') return undefined;
  const { status, from, to, text, error } = t as Record<string, unknown>;
  if (typeof status !== 'string' || !STATUSES.has(status) || typeof to !== 'string') return undefined;
  return {
    status: status as MessageTranslation['status'],
    from: typeof from === 'string' ? from : null,
    to,
    ...(typeof text === 'string' ? { text } : {}),
    ...(typeof error === 'string' ? { error: error as NonNullable<MessageTranslation['error']> } : {}),
  };
}

/** What the visitor sees of a message: an agent's message in the visitor's language when translated. */
export function bodyForVisitor(message: { authorType: string; body: string; meta: unknown }): string {
  if (message.authorType !== 'agent') return message.body;
  const t = readTranslation(message.meta);
  return t?.status === 'translated' && t.text ? t.text : message.body;
}

/** `tr-TR`, `TR`, `pt_BR` → `tr`, `tr`, `pt`; null for anything that is not a language tag. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  const match = /^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$/i.exec(tag?.trim() ?? '');
  const code = match?.[1]?.toLowerCase();
  return code && code !== 'und' ? code : null;
}
