import type { Db } from '@parley/db';

/**
 * A5: an agent may go by another name on a channel (Settings → My account). Visitors only ever see
 * that name: everything the widget receives (start, history, live events) passes through
 * `nameAgentsForVisitor` on its way out, which renames the agents (`{ id, name, avatarUrl }`) and the
 * system lines that carry the agent's id (`{ event, name, userId }`, and their text) it finds. Agents keep seeing
 * account names in the console.
 */
export type ChannelNames = Map<string, string | null>;

type Node = Record<string, unknown>;
const isObject = (v: unknown): v is Node => typeof v === 'object' && v !== null;
const isAgent = (v: Node) => typeof v.id === 'string' && typeof v.name === 'string' && 'avatarUrl' in v;
const isSystem = (v: Node) => typeof v.event === 'string' && typeof v.userId === 'string';

function agentIds(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) agentIds(v, into);
  else if (isObject(value)) {
    if (isAgent(value)) into.add(value.id as string);
    if (isSystem(value)) into.add(value.userId as string);
    for (const v of Object.values(value)) agentIds(v, into);
  }
  return into;
}

function rename<T>(value: T, names: ChannelNames): T {
  if (Array.isArray(value)) return value.map((v) => rename(v, names)) as T;
  if (!isObject(value)) return value;
  const out: Node = {};
  for (const [k, v] of Object.entries(value)) out[k] = rename(v, names);
  const id = isAgent(value) ? value.id : isSystem(value) ? value.userId : null;
  const name = typeof id === 'string' ? names.get(id) : null;
  if (name) out.name = name;
  // A system line's stored text ("Olivia joined the chat") names the agent too.
  const system = isObject(value.system) && isSystem(value.system) ? value.system : null;
  const renamed = system && names.get(system.userId as string);
  if (renamed && typeof value.body === 'string' && typeof system.name === 'string' && system.name)
    out.body = value.body.split(system.name).join(renamed);
  return out as T;
}

/**
 * `value` with every agent named as on the visitor's channel. `cache` (one per subscription) keeps the names
 * already looked up, so typing events do not query the database each time.
 */
export async function nameAgentsForVisitor<T>(
  db: Db,
  visitor: { accountId: string; channelId: string },
  value: T,
  cache: ChannelNames = new Map(),
): Promise<T> {
  const ids = agentIds(value);
  const missing = [...ids].filter((id) => !cache.has(id));
  if (missing.length) {
    const rows = await db.channelDisplayName.findMany({
      where: { accountId: visitor.accountId, channelId: visitor.channelId, userId: { in: missing } },
      select: { userId: true, displayName: true },
    });
    for (const id of missing) cache.set(id, rows.find((r) => r.userId === id)?.displayName ?? null);
  }
  // Only a value naming an agent who goes by another name here is copied (most agents have none: the
  // widget's every message event would otherwise be deep-copied once its agent is known).
  for (const id of ids) if (cache.get(id)) return rename(value, cache);
  return value;
}
