import { type Db, isUniqueViolation } from '@parley/db';
import { AppError } from '../../errors';
import { createSlidingWindow } from '../../lib/sliding-window';
import { withLiveEvents } from '../../live/events';
import { admitConversation, effectivePlan, type TUsageNote, warnAboutUsage } from '../plans';
import type { ClientInfo } from '../sessions';
import { receiveFromVisitor } from './messages';
import { openConversation } from './open-conversation';
import { translateVisitorMessageLater } from './translation';
import { toWidgetMessage, type WidgetMessage, widgetView } from './views';
import type { VisitorAuth } from './visitor-auth';
import { sendInTakenChat } from './visitor-message-hot-path';
import { assertNotBanned } from './widget-bans';
import { setVisitorContact } from './widget-contact';
import type { WidgetDeps } from './widget-deps';

/** G2: ten messages per ten seconds per visitor. */
const messageLimiter = createSlidingWindow(10, 10_000);

const rateLimited = () =>
  new AppError('rate_limited', 'widget.rate_limited', 'Too many messages; wait a few seconds');

export interface SendInput {
  clientId: string;
  body: string;
  invitationText?: string | null | undefined;
}

/**
 * G2: idempotent on clientId; starts a conversation (a chat request) when none is open. A message in a
 * chat an agent has taken, the common case, goes through the hot path's SQL (visitor-message-hot-path).
 */
export async function visitorSend(
  deps: WidgetDeps,
  visitor: VisitorAuth,
  input: SendInput,
  client: ClientInfo,
): Promise<WidgetMessage> {
  const { db } = deps;
  try {
    if (deps.database?.hotPath) {
      // J6: from memory once the account's plan is cached (no statement in a taken chat).
      const { plan } = await effectivePlan(deps, visitor.accountId);
      const sent = await sendInTakenChat({ database: deps.database, bus: deps.bus }, visitor, input, client, {
        messages: messageLimiter,
        rateLimited,
        mayStartConversation: plan.limits.conversations === null,
      });
      if (sent.handled) {
        if (sent.translate) translateVisitorMessageLater(deps, visitor.accountId, sent.messageId);
        return sent.message;
      }
    }
    const existing = await findByClientId(db, visitor, input.clientId);
    if (existing) return existing;
    if (!messageLimiter.take(visitor.visitorId)) throw rateLimited();
    await assertNotBanned(db, visitor, client);
    let usage: TUsageNote | null = null;
    const message = await withLiveEvents(deps, visitor.accountId, (tx, emit) =>
      receiveFromVisitor(tx, emit, {
        accountId: visitor.accountId,
        channelId: visitor.channelId,
        visitorId: visitor.visitorId,
        body: input.body,
        clientId: input.clientId,
        invitationText: input.invitationText ?? null,
        beforeNewConversation: async (t) => {
          usage = await admitConversation(deps, visitor.accountId, t);
        },
      }),
    );
    warnOwners(deps, usage);
    translateVisitorMessageLater(deps, visitor.accountId, message.id);
    return widgetView(message);
  } catch (err) {
    // The same clientId raced in through another tab or process: return the stored one.
    if (isUniqueViolation(err)) {
      const stored = await findByClientId(db, visitor, input.clientId);
      if (stored) return stored;
    }
    throw err;
  }
}

/** J6: the 80 % / 100 % mail after the commit, when the server sends mail. */
export function warnOwners(deps: WidgetDeps, usage: TUsageNote | null): void {
  if (deps.logger) warnAboutUsage({ db: deps.db, logger: deps.logger, mailer: deps.mailer ?? null }, usage);
}

async function findByClientId(db: Db, visitor: VisitorAuth, clientId: string) {
  const row = await db.message.findFirst({
    where: { accountId: visitor.accountId, authorVisitorId: visitor.visitorId, clientId },
  });
  // The visitor wrote it: there is no agent to show.
  return row ? toWidgetMessage({ ...row, authorUser: null }) : null;
}

/** G3: the offline form leaves a message in the Inbox with the contact data. */
export async function visitorOfflineMessage(
  deps: WidgetDeps,
  visitor: VisitorAuth,
  input: { clientId: string; name: string; email: string; body: string },
  client: ClientInfo,
) {
  await setVisitorContact(deps, visitor, { name: input.name, email: input.email }, client);
  const existing = await findByClientId(deps.db, visitor, input.clientId);
  if (existing) return existing;
  const open = await openConversation(deps.db, visitor);
  if (!open) {
    await deps.db.conversation.create({
      data: {
        accountId: visitor.accountId,
        channelId: visitor.channelId,
        visitorId: visitor.visitorId,
        origin: 'offline_form',
      },
    });
  }
  return visitorSend(deps, visitor, { clientId: input.clientId, body: input.body }, client);
}
