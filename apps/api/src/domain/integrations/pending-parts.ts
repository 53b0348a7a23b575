import { type MissingPart, missingPartText, type PluginHost } from '@parley/integrations';
import { withLiveEvents } from '../../live/events';
import type { InboundDeps } from './inbound';
import { storeAttachments } from './inbound-files';
import { emitUpdated } from './inbound-updates';

/**
 * Files of inbound messages that could not be fetched when they arrived (a provider hiccup) are
 * fetched again on this schedule, while the provider keeps them (WhatsApp media ids live 30 days,
 * Telegram file ids as long as the file): after the last try the placeholder stays for good.
 */
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 12 * 3600_000];
export const firstRetryDelayMs = RETRY_DELAYS_MS[0] ?? 60_000;

/** Parts taken per run, so one run stays short. */
const BATCH = 20;

/** Scheduled (once across processes): fetch due pending parts; returns how many were fetched. */
export async function retryPendingParts(
  deps: InboundDeps & { plugins: PluginHost },
  now = new Date(),
): Promise<number> {
  const due = await deps.db.pendingPart.findMany({
    where: { nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: 'asc' },
    take: BATCH,
    include: {
      message: {
        select: {
          conversation: {
            select: { id: true, channelId: true, channel: { select: { pluginInstall: true } } },
          },
        },
      },
    },
  });
  let fetched = 0;
  for (const part of due) {
    const conversation = part.message.conversation;
    const install = conversation.channel?.pluginInstall;
    // The channel is gone: nobody can fetch it any more.
    if (!install) {
      await deps.db.pendingPart.deleteMany({ where: { id: part.id } });
      continue;
    }
    if (!install.enabled) continue;
    try {
      const channel = await deps.plugins.channel(install.id);
      if (!channel.fetchPart) {
        await deps.db.pendingPart.deleteMany({ where: { id: part.id } });
        continue;
      }
      const file = await channel.fetchPart(part.retry);
      await attachFetched(deps, part, conversation, file);
      fetched++;
    } catch (err) {
      deps.logger?.warn({ err, pendingPartId: part.id }, 'fetching a missing part failed again');
      const delay = RETRY_DELAYS_MS[part.attempts + 1];
      await (delay === undefined
        ? deps.db.pendingPart.deleteMany({ where: { id: part.id } })
        : deps.db.pendingPart.updateMany({
            where: { id: part.id },
            data: { attempts: part.attempts + 1, nextAttemptAt: new Date(now.getTime() + delay) },
          }));
    }
  }
  return fetched;
}

/** The fetched file joins its message, whose placeholder line for it goes away. */
async function attachFetched(
  deps: InboundDeps,
  part: { id: string; accountId: string; messageId: string; label: string; fileName: string | null },
  conversation: { id: string; channelId: string | null },
  file: { fileName: string; mimeType: string; data: Buffer },
) {
  const [stored] = await storeAttachments(deps.files, part.accountId, [file]);
  if (!stored) return;
  try {
    await withLiveEvents(deps, part.accountId, async (tx, emit) => {
      // Another process fetched it first: its row is gone.
      const claimed = await tx.pendingPart.deleteMany({ where: { id: part.id } });
      if (claimed.count === 0) throw new AlreadyFetched();
      const message = await tx.message.findUniqueOrThrow({
        where: { id: part.messageId },
        include: { attachments: { select: { fileName: true } } },
      });
      const meta = (message.meta ?? {}) as { missing?: MissingPart[] } & Record<string, unknown>;
      const missing = meta.missing ?? [];
      const index = missing.findIndex(
        (m) => m.label === part.label && (m.fileName ?? null) === part.fileName,
      );
      const placeholder = index >= 0 ? missingPartText(missing[index] as MissingPart) : null;
      const names = [...message.attachments.map((a) => a.fileName), stored.fileName];
      const body =
        message.body
          .split('\n')
          .filter((line) => line !== placeholder)
          .join('\n')
          .trim() || names.join(', ');
      await tx.attachment.create({
        data: {
          accountId: part.accountId,
          conversationId: conversation.id,
          messageId: part.messageId,
          fileName: stored.fileName.slice(0, 255),
          mimeType: stored.mimeType.slice(0, 255),
          size: stored.size,
          storageKey: stored.storageKey,
        },
      });
      const rest = missing.filter((_, i) => i !== index);
      await tx.message.update({
        where: { id: part.messageId },
        data: {
          kind: 'file',
          body: body.slice(0, 20_000),
          meta: { ...meta, missing: rest.map((m) => ({ ...m })) },
        },
      });
      await emitUpdated(tx, emit, part.accountId, part.messageId, conversation);
    });
  } catch (err) {
    await deps.files.remove(stored.storageKey).catch(() => undefined);
    if (!(err instanceof AlreadyFetched)) throw err;
  }
}

class AlreadyFetched extends Error {}
