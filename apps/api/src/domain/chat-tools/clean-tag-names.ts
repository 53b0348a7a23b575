import type { Db } from '@parley/db';

/** The one-line form of a tag name: every line break (with the spaces around it) becomes one space. */
export function oneLineTagName(name: string): string {
  return name.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * At start: tags that older versions stored with a newline get their one-line name, which
 * the tags form can show and save without renaming them. When another tag of the account already has
 * that name, the two are merged: its conversations and visitors keep the tag, the old row goes.
 * Once; later starts find none. Runs in TypeScript rather than SQL so both providers share it.
 */
export async function cleanMultilineTagNames(db: Db): Promise<number> {
  const rows = await db.tag.findMany({ where: { name: { contains: '\n' } } });
  for (const tag of rows) {
    const name = oneLineTagName(tag.name);
    await db.$transaction(async (tx) => {
      const same = await tx.tag.findFirst({ where: { accountId: tag.accountId, name } });
      if (!same) {
        await tx.tag.update({ where: { id: tag.id }, data: { name } });
        return;
      }
      const [conversations, visitors, hasConversations, hasVisitors] = await Promise.all([
        tx.conversationTag.findMany({ where: { tagId: tag.id }, select: { conversationId: true } }),
        tx.visitorTag.findMany({ where: { tagId: tag.id }, select: { visitorId: true } }),
        tx.conversationTag.findMany({ where: { tagId: same.id }, select: { conversationId: true } }),
        tx.visitorTag.findMany({ where: { tagId: same.id }, select: { visitorId: true } }),
      ]);
      const taggedConversations = new Set(hasConversations.map((r) => r.conversationId));
      const taggedVisitors = new Set(hasVisitors.map((r) => r.visitorId));
      await tx.conversationTag.createMany({
        data: conversations
          .filter((r) => !taggedConversations.has(r.conversationId))
          .map((r) => ({ accountId: tag.accountId, conversationId: r.conversationId, tagId: same.id })),
      });
      await tx.visitorTag.createMany({
        data: visitors
          .filter((r) => !taggedVisitors.has(r.visitorId))
          .map((r) => ({ accountId: tag.accountId, visitorId: r.visitorId, tagId: same.id })),
      });
      // Its links go with it (onDelete: Cascade).
      await tx.tag.delete({ where: { id: tag.id } });
    });
  }
  return rows.length;
}
