import type { Db } from '@parley/db';
import webpush from 'web-push';
import type { BusMessage } from '../../bus/event-bus';
import type { Logger } from '../../logger';
import { AGENT_OFFLINE_AFTER_MS } from '../live-chat/constants';
import { isAllowedEndpoint } from './destination';
import { previewOf, textsFor } from './texts';
import type { VapidKeys } from './vapid';

/**
 * A7: Web Push for agents whose console is closed. `observe` sees every live event this process
 * publishes (after its commit; each event is published by exactly one process, so a scale-out
 * sends each push once) and only queues a job: the message path never waits for a push service.
 * The job decides who gets it from the presence the app already keeps in the database: a console
 * that is open beats every 20 s (`User.lastSeenAt`), so an agent whose last beat is older than the
 * offline grace (or who is offline) has no console open on any process.
 */
export type TPushKind = 'chat.request' | 'mention' | 'reminder' | 'team.message';

export interface PushJob {
  accountId: string;
  kind: TPushKind;
  /** Users to consider, or every agent of the channel (chat requests). */
  recipients: { userIds: string[] } | { channelId: string };
  /** The author: never notified of their own message. */
  exclude?: string;
  /** Console path the notification opens. */
  url: string;
  /** A newer notification with the same tag replaces the older one on the device. */
  tag: string;
  /** The teammate or channel the title names. */
  name: string;
  /** Message text, shown only on devices that allow previews. */
  previewText: string;
}

export interface PushPayload {
  title: string;
  body: string;
  url: string;
  tag: string;
}

type TEvent = {
  type?: string;
  conversation?: { id: string; channel?: { id: string; name: string } | null };
  message?: { body?: string; conversationId?: string; agent?: { id: string; name: string } | null };
  conversationId?: string;
  reminder?: { id: string; text: string; conversationId: string | null };
};

/** The push job a live event calls for, if any. */
export function pushJobOf(message: BusMessage): PushJob | null {
  if (message.ephemeral) return null;
  const event = message.payload as TEvent | null;
  if (!event || typeof event !== 'object') return null;
  const base = { accountId: message.accountId };
  const audience = message.audience ?? [];
  switch (event.type) {
    case 'chat.request': {
      const c = event.conversation;
      if (!c?.channel) return null;
      return {
        ...base,
        kind: 'chat.request',
        recipients: { channelId: c.channel.id },
        url: `/chats/${c.id}`,
        tag: `chat-${c.id}`,
        name: c.channel.name,
        previewText: event.message?.body ?? '',
      };
    }
    case 'mention': {
      if (!event.conversationId || !event.message) return null;
      return {
        ...base,
        kind: 'mention',
        recipients: { userIds: audience },
        ...(event.message.agent ? { exclude: event.message.agent.id } : {}),
        url: `/chats/${event.conversationId}`,
        tag: `mention-${event.conversationId}`,
        name: event.message.agent?.name ?? '',
        previewText: event.message.body ?? '',
      };
    }
    case 'reminder': {
      const r = event.reminder;
      if (!r) return null;
      return {
        ...base,
        kind: 'reminder',
        recipients: { userIds: audience },
        url: r.conversationId ? `/chats/${r.conversationId}` : '/crm/reminders',
        tag: `reminder-${r.id}`,
        name: '',
        previewText: r.text,
      };
    }
    case 'team.message': {
      const m = event.message;
      if (!m?.conversationId) return null;
      return {
        ...base,
        kind: 'team.message',
        recipients: { userIds: audience },
        ...(m.agent ? { exclude: m.agent.id } : {}),
        url: `/team/chats/${m.conversationId}`,
        tag: `team-${m.conversationId}`,
        name: m.agent?.name ?? '',
        previewText: m.body ?? '',
      };
    }
    default:
      return null;
  }
}

export function payloadFor(job: PushJob, locale: string, preview: boolean): PushPayload {
  const t = textsFor(locale);
  const shown = preview && job.previewText ? previewOf(job.previewText) : null;
  const [title, body] =
    job.kind === 'chat.request'
      ? [t.chatRequest, t.chatRequestBody(job.name)]
      : job.kind === 'mention'
        ? [t.mention(job.name), t.mentionBody]
        : job.kind === 'reminder'
          ? [t.reminder, t.reminderBody]
          : [t.teamMessage(job.name), t.teamMessageBody];
  return { title, body: shown ?? body, url: job.url, tag: job.tag };
}

/** Sends one encrypted push; resolves with the push service's status. Replaceable in benches. */
export type PushSender = (
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } },
  payload: string,
  vapid: VapidKeys,
) => Promise<number>;

export const sendWithFetch: PushSender = async (subscription, payload, vapid) => {
  // web-push encrypts (RFC 8291) and signs (VAPID); the request goes out through fetch, with a
  // deadline, over https (or http to a local test endpoint when private networks are allowed).
  const details = webpush.generateRequestDetails(subscription, payload, {
    vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
    TTL: 60 * 60,
    urgency: 'high',
  });
  const res = await fetch(details.endpoint, {
    method: details.method,
    headers: details.headers as Record<string, string>,
    body: new Uint8Array(details.body as Buffer),
    redirect: 'error',
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
};

/** Pending jobs beyond this are dropped (oldest first) with a warning: pushes are best effort. */
const QUEUE_MAX = 1000;

export interface PushNotifier {
  readonly publicKey: string;
  observe(message: BusMessage): void;
  /** Resolves when the queue is empty (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createPushNotifier(options: {
  dbFor: (accountId: string) => Db;
  vapid: VapidKeys;
  logger: Pick<Logger, 'error' | 'warn' | 'debug'>;
  allowPrivate: boolean;
  send?: PushSender;
  now?: () => number;
  /** Whether the account has any subscription (subscription-cache.ts): none means no read at all. */
  hasSubscriptions?: (accountId: string) => Promise<boolean>;
  /** Called after the notifier removed subscriptions the push service dropped. */
  removed?: (accountId: string) => void;
}): PushNotifier {
  const send = options.send ?? sendWithFetch;
  const now = options.now ?? Date.now;
  const queue: PushJob[] = [];
  let running: Promise<void> | null = null;
  let closed = false;

  async function deliver(job: PushJob): Promise<void> {
    if (options.hasSubscriptions && !(await options.hasSubscriptions(job.accountId))) return;
    const db = options.dbFor(job.accountId);
    let userIds: string[] | null = null;
    if ('channelId' in job.recipients) {
      const agents = await db.channelAgent.findMany({
        where: { channelId: job.recipients.channelId },
        select: { userId: true },
      });
      // A channel with no agents listed is served by everyone (as routing does).
      userIds = agents.length > 0 ? agents.map((a) => a.userId) : null;
    } else {
      userIds = job.recipients.userIds;
      if (userIds.length === 0) return;
    }
    const openSince = new Date(now() - AGENT_OFFLINE_AFTER_MS);
    const users = await db.user.findMany({
      where: {
        accountId: job.accountId,
        ...(userIds ? { id: { in: userIds } } : {}),
        disabledAt: null,
        notificationType: { not: 'off' },
        pushSubscriptions: { some: {} },
        // No console open anywhere: offline, or its last beat is older than the grace.
        OR: [{ presence: 'offline' }, { lastSeenAt: null }, { lastSeenAt: { lt: openSince } }],
      },
      select: {
        id: true,
        locale: true,
        pushSubscriptions: { select: { id: true, endpoint: true, p256dh: true, auth: true, preview: true } },
      },
    });
    const sends: Promise<void>[] = [];
    for (const user of users) {
      if (user.id === job.exclude) continue;
      for (const sub of user.pushSubscriptions) {
        sends.push(deliverOne(db, job, user.locale, sub));
      }
    }
    await Promise.all(sends);
  }

  async function deliverOne(
    db: Db,
    job: PushJob,
    locale: string,
    sub: { id: string; endpoint: string; p256dh: string; auth: string; preview: boolean },
  ): Promise<void> {
    try {
      if (!(await isAllowedEndpoint(sub.endpoint, options.allowPrivate))) {
        await db.pushSubscription.deleteMany({ where: { id: sub.id } });
        options.removed?.(job.accountId);
        return;
      }
      const payload = JSON.stringify(payloadFor(job, locale, sub.preview));
      const status = await send(
        { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
        payload,
        options.vapid,
      );
      if (status === 404 || status === 410) {
        // The browser dropped this subscription: forget it.
        await db.pushSubscription.deleteMany({ where: { id: sub.id } });
        options.removed?.(job.accountId);
      } else if (status >= 200 && status < 300) {
        await db.pushSubscription.updateMany({ where: { id: sub.id }, data: { lastUsedAt: new Date() } });
      } else {
        options.logger.warn(
          { status, kind: job.kind, subscription: sub.id },
          'push: refused by the push service',
        );
      }
    } catch (err) {
      options.logger.warn({ err, kind: job.kind, subscription: sub.id }, 'push: send failed');
    }
  }

  async function drain(): Promise<void> {
    for (let job = queue.shift(); job; job = queue.shift()) {
      try {
        await deliver(job);
      } catch (err) {
        options.logger.error({ err, kind: job.kind, accountId: job.accountId }, 'push: job failed');
      }
    }
  }

  function kick() {
    if (running || closed) return;
    running = drain().finally(() => {
      running = null;
      if (queue.length > 0) kick();
    });
  }

  return {
    publicKey: options.vapid.publicKey,
    observe(message) {
      if (closed) return;
      let job: PushJob | null;
      try {
        job = pushJobOf(message);
      } catch (err) {
        options.logger.error({ err }, 'push: could not read an event');
        return;
      }
      if (!job) return;
      queue.push(job);
      if (queue.length > QUEUE_MAX) {
        queue.splice(0, queue.length - QUEUE_MAX);
        options.logger.warn({ dropped: 1 }, 'push: queue full, oldest job dropped');
      }
      // Not awaited: the publisher (the message path) returns at once.
      queueMicrotask(kick);
    },
    async idle() {
      while (running || queue.length > 0) {
        kick();
        await running;
      }
    },
    async close() {
      closed = true;
      queue.length = 0;
      await running;
    },
  };
}
