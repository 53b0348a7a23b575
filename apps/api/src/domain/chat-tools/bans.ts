import type { Db } from '@parley/db';
import proxyaddr from 'proxy-addr';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { publishEphemeral, withLiveEvents } from '../../live/events';
import { audit } from '../audit';
import { CONSOLE_TOPIC, visitorTopic } from '../live-chat/constants';

export function validBanTarget(ip: string): boolean {
  try {
    proxyaddr.compile([ip]);
    return true;
  } catch {
    return false;
  }
}

export interface BanActor {
  accountId: string;
  userId: string;
  ip?: string | undefined;
}

export async function banVisitor(
  { db, bus }: { db: Db; bus: EventBus },
  actor: BanActor,
  input: {
    visitorId?: string | undefined;
    ip?: string | undefined;
    reason: string;
    expiresAt?: string | null | undefined;
  },
) {
  if (!input.visitorId && !input.ip)
    throw new AppError('bad_request', 'ban.target_required', 'Ban a visitor, an IP address or both');
  if (input.ip && !validBanTarget(input.ip))
    throw new AppError('bad_request', 'ban.bad_ip', 'Not an IP address or CIDR range', {
      ip: 'validation.format',
    });
  if (input.expiresAt && new Date(input.expiresAt).getTime() <= Date.now()) {
    throw new AppError('bad_request', 'ban.expired', 'The expiry is in the past', {
      expiresAt: 'validation.future',
    });
  }
  const ip = input.ip ?? null;
  if (input.visitorId) {
    const visitor = await db.visitor.findFirst({
      where: { id: input.visitorId, accountId: actor.accountId },
    });
    if (!visitor) throw notFound('Visitor');
  }
  const ban = await withLiveEvents({ db, bus }, actor.accountId, async (tx, emit) => {
    const row = await tx.ban.create({
      data: {
        accountId: actor.accountId,
        visitorId: input.visitorId ?? null,
        ip,
        reason: input.reason,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        createdById: actor.userId,
      },
    });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'ban.created',
      targetType: 'ban',
      targetId: row.id,
      data: { ip, visitorId: input.visitorId ?? null },
      ip: actor.ip,
    });
    // Agents with the visitor's chat open see the banned state and the Unban button at once.
    if (input.visitorId) {
      await emit({ topic: CONSOLE_TOPIC, data: { type: 'visitor.changed', visitorId: input.visitorId } });
    }
    return row;
  });
  // An open widget says at once that chat is unavailable (one that is offline learns it when it
  // starts or sends: both are refused). An IP ban reaches each visitor that way.
  if (input.visitorId) {
    await publishEphemeral(bus, actor.accountId, {
      topic: visitorTopic(input.visitorId),
      data: { type: 'banned' },
    });
  }
  return { id: ban.id };
}

export async function unban(deps: { db: Db; bus: EventBus }, actor: BanActor, banId: string) {
  await withLiveEvents(deps, actor.accountId, async (tx, emit) => {
    const ban = await tx.ban.findFirst({ where: { id: banId, accountId: actor.accountId, liftedAt: null } });
    if (!ban) throw notFound('Ban');
    await tx.ban.update({ where: { id: ban.id }, data: { liftedAt: new Date() } });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'ban.lifted',
      targetType: 'ban',
      targetId: banId,
      ip: actor.ip,
    });
    if (ban.visitorId) {
      await emit({ topic: CONSOLE_TOPIC, data: { type: 'visitor.changed', visitorId: ban.visitorId } });
    }
  });
}

export async function listBans(db: Db, accountId: string) {
  const rows = await db.ban.findMany({
    where: { accountId, liftedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    orderBy: { createdAt: 'desc' },
    include: {
      visitor: { select: { id: true, number: true, name: true } },
      createdBy: { select: { name: true } },
    },
  });
  return rows.map((b) => ({
    id: b.id,
    visitor: b.visitor,
    ip: b.ip,
    reason: b.reason,
    expiresAt: b.expiresAt?.toISOString() ?? null,
    createdBy: b.createdBy?.name ?? null,
    createdAt: b.createdAt.toISOString(),
  }));
}
