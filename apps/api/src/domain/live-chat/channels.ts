import { randomBytes } from 'node:crypto';
import type { Db } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { audit } from '../audit';
import { assertCanAddChannel, type PlanDeps, type WarnDeps, warnAboutUsage } from '../plans';
import { readSecrets, sealChannelSecrets } from './channel-secrets';
import { invalidateVisitorAuth } from './visitor-auth-cache';
import {
  applyConfigPatch,
  readWebsiteConfig,
  type WebsiteConfig,
  type WebsiteConfigPatch,
} from './website-config';

const newSecret = () => randomBytes(32).toString('hex');
const newPublicKey = () => `pk_${randomBytes(12).toString('base64url')}`;

export async function listChannels(db: Db, accountId: string) {
  const rows = await db.channel.findMany({ where: { accountId }, orderBy: { createdAt: 'asc' } });
  return rows.map((c) => ({
    id: c.id,
    kind: c.kind,
    name: c.name,
    publicKey: c.publicKey,
    enabled: c.enabled,
    createdAt: c.createdAt.toISOString(),
  }));
}

export function snippetFor(publicUrl: string, publicKey: string) {
  return `<script async src="${publicUrl}/widget/loader.js" data-parley="${publicKey}"></script>`;
}

export async function getChannel(db: Db, accountId: string, id: string, publicUrl: string) {
  const c = await db.channel.findFirst({ where: { id, accountId } });
  if (!c) throw notFound('Channel');
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    publicKey: c.publicKey,
    enabled: c.enabled,
    createdAt: c.createdAt.toISOString(),
    config: readWebsiteConfig(c.config),
    secret: readSecrets(c.secrets)?.hmac ?? '',
    snippet: snippetFor(publicUrl, c.publicKey),
  };
}

export interface ChannelActor {
  accountId: string;
  userId: string;
  ip?: string | undefined;
}

export async function createWebsiteChannel(
  deps: PlanDeps & WarnDeps,
  actor: ChannelActor,
  input: { name: string; config?: WebsiteConfigPatch | undefined },
  publicUrl: string,
) {
  const { db } = deps;
  const usage = await assertCanAddChannel(deps, actor.accountId);
  const config: WebsiteConfig = applyConfigPatch(readWebsiteConfig({}), input.config ?? {});
  const channel = await db.$transaction(async (tx) => {
    const row = await tx.channel.create({
      data: {
        accountId: actor.accountId,
        kind: 'website',
        name: input.name,
        config,
        secrets: sealChannelSecrets({ hmac: newSecret() }),
        publicKey: newPublicKey(),
      },
    });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'channel.created',
      targetType: 'channel',
      targetId: row.id,
      ip: actor.ip,
    });
    return row;
  });
  warnAboutUsage(deps, usage);
  return getChannel(db, actor.accountId, channel.id, publicUrl);
}

export async function updateChannel(
  deps: { db: Db; bus: EventBus },
  actor: ChannelActor,
  input: {
    id: string;
    name?: string | undefined;
    enabled?: boolean | undefined;
    config?: WebsiteConfigPatch | undefined;
  },
  publicUrl: string,
) {
  const { db } = deps;
  const current = await db.channel.findFirst({ where: { id: input.id, accountId: actor.accountId } });
  if (!current) throw notFound('Channel');
  if (input.config && current.kind !== 'website') {
    throw new AppError('bad_request', 'channel.not_website', 'Only website channels have these settings');
  }
  await db.channel.update({
    where: { id: current.id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.config ? { config: applyConfigPatch(readWebsiteConfig(current.config), input.config) } : {}),
    },
  });
  // A switched-off channel's widgets stop: every process forgets their cached token checks.
  if (input.enabled === false) await invalidateVisitorAuth(deps.bus, { channelIds: [current.id] });
  return getChannel(db, actor.accountId, current.id, publicUrl);
}

export async function rotateChannelSecret(db: Db, actor: ChannelActor, id: string, publicUrl: string) {
  const { count } = await db.channel.updateMany({
    where: { id, accountId: actor.accountId },
    data: { secrets: sealChannelSecrets({ hmac: newSecret() }) },
  });
  if (count === 0) throw notFound('Channel');
  await audit(db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: 'channel.secret_rotated',
    targetType: 'channel',
    targetId: id,
    ip: actor.ip,
  });
  return getChannel(db, actor.accountId, id, publicUrl);
}
