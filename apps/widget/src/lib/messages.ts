import type { WidgetMessage } from '../types';

/** Adds messages to a transcript, deduplicated by id and by clientId, in time order. */
export function mergeMessages(list: readonly WidgetMessage[], incoming: readonly WidgetMessage[]) {
  if (incoming.length === 0) return list as WidgetMessage[];
  const byKey = new Map<string, WidgetMessage>();
  for (const m of [...list, ...incoming]) {
    const existing = byKey.get(m.id) ?? (m.clientId ? byKey.get(`c:${m.clientId}`) : undefined);
    if (existing) byKey.delete(existing.id);
    byKey.set(m.id, m);
    if (m.clientId) byKey.set(`c:${m.clientId}`, m);
  }
  const unique = [...new Set(byKey.values())];
  return unique.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}
