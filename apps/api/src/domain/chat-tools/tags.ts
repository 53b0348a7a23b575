import { type Db, isUniqueViolation } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { withLiveEvents } from '../../live/events';
import { emitConversation } from '../live-chat/messages';

/** C5: account tags, created on the fly, on conversations and visitors. */
export async function listTags(db: Db, accountId: string) {
  const rows = await db.tag.findMany({ where: { accountId }, orderBy: { name: 'asc' } });
  return rows.map((t) => ({ id: t.id, name: t.name, color: t.color }));
}

async function tagByName(db: Db, accountId: string, name: string, color?: string | null) {
  const existing = await db.tag.findFirst({ where: { accountId, name } });
  if (existing) return existing;
  try {
    return await db.tag.create({ data: { accountId, name, color: color ?? null } });
  } catch (err) {
    if (isUniqueViolation(err)) return db.tag.findFirstOrThrow({ where: { accountId, name } });
    throw err;
  }
}

/** A tag made ahead of use (the REST API); a name the account already has is a conflict. */
export async function createTag(
  db: Db,
  accountId: string,
  input: { name: string; color?: string | null | undefined },
) {
  try {
    const tag = await db.tag.create({ data: { accountId, name: input.name, color: input.color ?? null } });
    return { id: tag.id, name: tag.name, color: tag.color };
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', 'tag.taken', 'A tag with this name exists');
    throw err;
  }
}

export async function updateTag(
  db: Db,
  accountId: string,
  input: { id: string; name?: string | undefined; color?: string | null | undefined },
) {
  const { id, ...data } = input;
  try {
    const { count } = await db.tag.updateMany({ where: { id, accountId }, data });
    if (count === 0) throw notFound('Tag');
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', 'tag.taken', 'A tag with this name exists');
    throw err;
  }
}

export async function deleteTag(db: Db, accountId: string, id: string) {
  const { count } = await db.tag.deleteMany({ where: { id, accountId } });
  if (count === 0) throw notFound('Tag');
}

export async function tagConversation(
  deps: { db: Db; bus: EventBus },
  accountId: string,
  input: {
    conversationId: string;
    name: string;
    color?: string | null | undefined;
    remove?: boolean | undefined;
  },
) {
  const c = await deps.db.conversation.findFirst({ where: { id: input.conversationId, accountId } });
  if (!c) throw notFound('Conversation');
  // Taking off a tag the account does not have must not create it (it did, through tagByName).
  const tag = input.remove
    ? await deps.db.tag.findFirst({ where: { accountId, name: input.name } })
    : await tagByName(deps.db, accountId, input.name, input.color);
  if (!tag) throw notFound('Tag');
  await withLiveEvents(deps, accountId, async (tx, emit) => {
    if (input.remove) await tx.conversationTag.deleteMany({ where: { conversationId: c.id, tagId: tag.id } });
    else
      await tx.conversationTag.upsert({
        where: { conversationId_tagId: { conversationId: c.id, tagId: tag.id } },
        create: { accountId, conversationId: c.id, tagId: tag.id },
        update: {},
      });
    if (c.kind === 'visitor') await emitConversation(tx, emit, accountId, c.id);
  });
  return { id: tag.id, name: tag.name, color: tag.color };
}

export async function tagVisitor(
  db: Db,
  accountId: string,
  input: { visitorId: string; name: string; remove?: boolean | undefined },
) {
  const v = await db.visitor.findFirst({ where: { id: input.visitorId, accountId } });
  if (!v) throw notFound('Visitor');
  const tag = await tagByName(db, accountId, input.name);
  if (input.remove) await db.visitorTag.deleteMany({ where: { visitorId: v.id, tagId: tag.id } });
  else
    await db.visitorTag.upsert({
      where: { visitorId_tagId: { visitorId: v.id, tagId: tag.id } },
      create: { accountId, visitorId: v.id, tagId: tag.id },
      update: {},
    });
  return { id: tag.id, name: tag.name, color: tag.color };
}
