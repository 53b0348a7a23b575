import type { MessageKey, Translate } from '../lib/i18n';

const MARK = '\u0000';

/**
 * A sentence of ours with people's text in it ("{name} joined the chat"): each parameter is rendered in
 * a `<bdi>`, so a right-to-left name or file name cannot reorder the words around it.
 */
export function Sentence({ t, k, params }: { t: Translate; k: MessageKey; params: Record<string, string> }) {
  const marked = t(k, Object.fromEntries(Object.keys(params).map((p) => [p, `${MARK}${p}${MARK}`])));
  return <>{marked.split(MARK).map((part, i) => (i % 2 ? <bdi key={i}>{params[part]}</bdi> : part))}</>;
}
