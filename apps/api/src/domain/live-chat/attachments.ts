import { randomUUID } from 'node:crypto';
import { type Db, isUniqueViolation, type Prisma } from '@parley/db';
import { AppError } from '../../errors';
import { createSlidingWindow } from '../../lib/sliding-window';
import { withLiveEvents } from '../../live/events';
import type { Mailer } from '../../mail/mailer';
import { admitConversation, assertStorageFor, type TUsageNote, warnAboutUsage } from '../plans';
import type { ClientInfo } from '../sessions';
import { deliverOutboundLater, type OutboundDeps, pluginChannelOf } from './channel-outbox';
import { type Agent, findVisitorChat, isParticipant } from './chats';
import { type InspectedFile, inspectFile, tooLarge } from './file-inspection';
import { type MessageMedia, postMessage, receiveFromVisitor } from './messages';
import {
  type ChatMessage,
  type GifInfo,
  getMessage,
  toChatMessage,
  toWidgetMessage,
  type WidgetMessage,
} from './views';
import type { VisitorAuth } from './visitor-auth';
import { assertNotBanned } from './widget';

/** C11 files and C8 GIFs: what may be sent, where it is stored, and the message that carries it. */
export interface MediaDeps extends OutboundDeps {
  uploadMaxBytes: number;
  /** For the owners' 80 % / 100 % plan-limit mails; none when the server sends no mail. */
  mailer?: Mailer | null;
}

export interface IncomingFile {
  /** The name the sender's browser gave; shown to people, never trusted for the type. */
  name: string;
  data: Buffer;
  clientId: string;
}

/** Uploads per visitor per minute, per process (like the message limiter). */
const visitorUploads = createSlidingWindow(10, 60_000);

/** J6: the owners' 80 % / 100 % mails, after the commit. */
const warnOwners = (deps: MediaDeps, usage: TUsageNote | null) =>
  warnAboutUsage({ ...deps, mailer: deps.mailer ?? null }, usage);

/**
 * Stores the blob, then runs `save`; the blob is removed again when `save` fails. Once saved, the
 * owners hear when the plan's storage passes 80 % / 100 %.
 */
async function storeThen<T>(
  deps: MediaDeps,
  accountId: string,
  file: IncomingFile,
  save: (attachment: InspectedFile & { storageKey: string; size: number }) => Promise<T>,
): Promise<T> {
  const inspected = await inspectFile(file.data, file.name, deps.uploadMaxBytes);
  // J6: the plan's attachment storage; nothing is written when it would pass the limit.
  const usage = await assertStorageFor(deps, accountId, file.data.length);
  const storageKey = `attachments/${accountId}/${randomUUID()}`;
  await deps.files.put(storageKey, file.data);
  let saved: T;
  try {
    saved = await save({ ...inspected, storageKey, size: file.data.length });
  } catch (err) {
    await deps.files.remove(storageKey).catch(() => {});
    throw err;
  }
  warnOwners(deps, usage);
  return saved;
}

/**
 * A resend of the same clientId (a retry after a dropped connection) is stored once: the stored
 * message is returned, also when the retry raced the first attempt into the unique index.
 */
async function onceByClientId(
  db: Db,
  where: Prisma.MessageWhereInput & { accountId: string; clientId: string },
  create: () => Promise<string>,
) {
  const find = async () => {
    const row = await db.message.findFirst({ where, select: { id: true } });
    return row ? getMessage(db, where.accountId, row.id) : null;
  };
  const existing = await find();
  if (existing) return existing;
  try {
    return await getMessage(db, where.accountId, await create());
  } catch (err) {
    const stored = isUniqueViolation(err) ? await find() : null;
    if (stored) return stored;
    throw err;
  }
}

/**
 * Agent side (console): the agent must be in the open chat, like for text messages. In a plugin
 * channel (Telegram, email...) the file must also be one the channel declared it carries; the
 * answer says whether the message then goes out through the plugin.
 */
async function assertWritable(
  deps: MediaDeps,
  agent: Agent,
  c: { id: string; status: string; channelId: string | null },
  media: { kind: 'file'; size: number } | { kind: 'gif' },
): Promise<{ viaPlugin: boolean }> {
  if (!(await isParticipant(deps.db, c.id, agent.userId)))
    throw new AppError('forbidden', 'chat.not_participant', 'Join the chat first');
  if (c.status !== 'open') throw new AppError('conflict', 'chat.closed', 'This chat has ended');
  const plugin = await pluginChannelOf(deps, c.channelId);
  if (!plugin) return { viaPlugin: false };
  // A GIF goes out as its link, which every channel carries as text. Without features (an install
  // that cannot start now) the file is taken and its delivery fails visibly, as text would.
  const { features } = plugin;
  if (media.kind === 'file' && features) {
    if (!features.attachments)
      throw new AppError('bad_request', 'file.channel_unsupported', 'This channel cannot carry files');
    const max = features.maxAttachmentBytes;
    if (max !== undefined && media.size > max) throw tooLarge(max);
  }
  return { viaPlugin: true };
}

async function postAgentMedia(
  deps: MediaDeps,
  agent: Agent,
  c: { id: string; visitorId: string },
  via: { clientId: string; viaPlugin: boolean },
  body: string,
  media: (tx: Parameters<Parameters<typeof withLiveEvents>[2]>[0]) => Promise<MessageMedia>,
) {
  const message = await withLiveEvents(deps, agent.accountId, async (tx, emit) =>
    postMessage(tx, emit, {
      accountId: agent.accountId,
      conversationId: c.id,
      visitorId: c.visitorId,
      author: { type: 'agent', userId: agent.userId },
      body,
      clientId: via.clientId,
      media: await media(tx),
      ...(via.viaPlugin ? { deliveryStatus: 'pending' as const } : {}),
    }),
  );
  await deps.db.participant.updateMany({
    where: { conversationId: c.id, userId: agent.userId },
    data: { lastReadAt: new Date() },
  });
  // Out through the channel in the background: the console shows pending → sent / retrying / failed.
  if (via.viaPlugin) deliverOutboundLater(deps, message.id);
  return message;
}

export async function sendAgentFile(
  deps: MediaDeps,
  agent: Agent,
  conversationId: string,
  file: IncomingFile,
): Promise<ChatMessage> {
  const c = await findVisitorChat(deps.db, agent, conversationId);
  const where = { accountId: agent.accountId, conversationId: c.id, clientId: file.clientId };
  const message = await onceByClientId(deps.db, where, async () => {
    const { viaPlugin } = await assertWritable(deps, agent, c, { kind: 'file', size: file.data.length });
    return storeThen(deps, agent.accountId, file, async (a) => {
      const via = { clientId: file.clientId, viaPlugin };
      const posted = await postAgentMedia(deps, agent, c, via, a.name, async (tx) => {
        const row = await tx.attachment.create({
          data: {
            accountId: agent.accountId,
            conversationId: c.id,
            uploaderUserId: agent.userId,
            ...fields(a),
          },
        });
        return { kind: 'file', attachmentIds: [row.id] };
      });
      return posted.id;
    });
  });
  return toChatMessage(message);
}

const fields = (a: InspectedFile & { storageKey: string; size: number }) => ({
  fileName: a.name,
  mimeType: a.mimeType,
  size: a.size,
  storageKey: a.storageKey,
  width: a.width,
  height: a.height,
});

/** Visitor side (widget): like a text message, it joins their open conversation or starts one. */
export async function sendVisitorFile(
  deps: MediaDeps,
  visitor: VisitorAuth,
  file: IncomingFile,
  client: ClientInfo,
): Promise<WidgetMessage> {
  const where = { accountId: visitor.accountId, authorVisitorId: visitor.visitorId, clientId: file.clientId };
  let conversations: TUsageNote | null = null;
  const message = await onceByClientId(deps.db, where, async () => {
    if (!visitorUploads.take(visitor.visitorId))
      throw new AppError('rate_limited', 'widget.rate_limited', 'Too many files; wait a minute');
    await assertNotBanned(deps.db, visitor, client);
    return storeThen(deps, visitor.accountId, file, (a) =>
      withLiveEvents(deps, visitor.accountId, async (tx, emit) => {
        const row = await tx.attachment.create({ data: { accountId: visitor.accountId, ...fields(a) } });
        const posted = await receiveFromVisitor(tx, emit, {
          accountId: visitor.accountId,
          channelId: visitor.channelId,
          visitorId: visitor.visitorId,
          body: a.name,
          clientId: file.clientId,
          media: { kind: 'file', attachmentIds: [row.id] },
          beforeNewConversation: async (t) => {
            conversations = await admitConversation(deps, visitor.accountId, t);
          },
        });
        return posted.id;
      }),
    );
  });
  warnOwners(deps, conversations);
  return toWidgetMessage(message);
}

/** C8: a GIF the agent picked from the provider's search results. */
export async function sendAgentGif(
  deps: MediaDeps,
  agent: Agent,
  input: { conversationId: string; clientId: string; gif: GifInfo },
): Promise<ChatMessage> {
  const c = await findVisitorChat(deps.db, agent, input.conversationId);
  const where = { accountId: agent.accountId, conversationId: c.id, clientId: input.clientId };
  const message = await onceByClientId(deps.db, where, async () => {
    const { viaPlugin } = await assertWritable(deps, agent, c, { kind: 'gif' });
    const posted = await postAgentMedia(
      deps,
      agent,
      c,
      { clientId: input.clientId, viaPlugin },
      input.gif.title || 'GIF',
      async () => ({
        kind: 'gif',
        gif: input.gif,
      }),
    );
    return posted.id;
  });
  return toChatMessage(message);
}

/** The stored bytes of an attachment, for the download handler (which checks the link first). */
export async function findAttachment(db: Db, id: string) {
  return db.attachment.findUnique({ where: { id } });
}
