import { randomBytes } from 'node:crypto';
import type { ChannelKind, Db } from '@parley/db';
import { type ChannelFeatures, PluginError, type PluginHost } from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { runInBackground } from '../../lib/background';
import type { FileStore } from '../../lib/file-store';
import type { Logger } from '../../logger';
import type { Mailer } from '../../mail/mailer';
import { audit } from '../audit';
import { invalidateVisitorAuth } from '../live-chat/visitor-auth-cache';
import { assertCanAddChannel, assertFeature, warnAboutUsage } from '../plans';
import { persistInbound } from './inbound';
import {
  NEEDS_CONFIGURATION,
  pendingPermissions,
  pluginInfo,
  reconcileInstall,
  reconcileInstalls,
  requestedPermissions,
  settingsErrors,
} from './lifecycle';
import { pluginIconUrl } from './plugin-icons';

export interface IntegrationDeps {
  db: Db;
  bus: EventBus;
  plugins: PluginHost;
  logger: Logger;
  files: FileStore;
  /** For the owners' 80 % / 100 % plan-limit mails; none when the server sends no mail. */
  mailer?: Mailer | null;
  /** PUBLIC_URL, for the webhook URLs shown to admins. */
  publicUrl?: string;
  /** PARLEY_PLUGINS, where the icons named by third-party manifests are found. */
  pluginPackages?: readonly string[];
}

export interface AdminActor {
  accountId: string;
  userId: string;
  ip?: string | undefined;
}

/** Built-in channel plugins map to the channel kinds the console knows; others are `plugin`. */
const KIND_OF_PLUGIN: Record<string, ChannelKind> = {
  'channel-email': 'email',
  'channel-telegram': 'telegram',
  'channel-whatsapp': 'whatsapp',
  'channel-messenger': 'messenger',
};

/** H2: a plugin with the phone capability is added as a channel too (its calls ring its agents). */
const isPhone = (plugin: { capabilities: readonly string[] }) => plugin.capabilities.includes('phone');

const invalidConfig = (errors: Record<string, string>) =>
  new AppError('bad_request', 'integration.invalid_config', 'Some settings are invalid', errors);

/** What admins pick from (J1, J2): every loaded plugin with its generated form. */
export function listAvailablePlugins(plugins: PluginHost, pluginPackages: readonly string[] = []) {
  return plugins.listPlugins().map((p) => ({ ...p, iconUrl: pluginIconUrl(p.name, p.icon, pluginPackages) }));
}

/** What an admin approves when adding a third-party plugin: its manifest's request, stored on the install. */
async function recordApprovedPermissions(deps: IntegrationDeps, installId: string, name: string) {
  const requested = requestedPermissions(deps.plugins, name);
  if (!requested) return;
  await deps.db.pluginInstall.update({
    where: { id: installId },
    data: { approvedPermissions: JSON.stringify(requested) },
  });
}

async function installView(deps: IntegrationDeps, id: string) {
  const row = await deps.db.pluginInstall.findUniqueOrThrow({
    where: { id },
    include: { channel: { select: { id: true, name: true } } },
  });
  const health = await deps.plugins.health(id);
  // The plugin was removed from PARLEY_PLUGINS (or failed to load) while this install exists: list
  // it as unavailable, without the settings only the plugin can read, so the page keeps working.
  const plugin = deps.plugins.getPlugin(row.name);
  const available = plugin !== undefined;
  const info = available ? pluginInfo(deps.plugins, row.name) : undefined;
  let features: ChannelFeatures | null = null;
  if (available && row.channel && row.enabled) {
    try {
      features = (await deps.plugins.channel(id)).features;
    } catch {
      // A plugin that cannot start shows its health and last error instead.
    }
  }
  return {
    id: row.id,
    name: row.name,
    /** The version this server runs (the settings were last written by `settingsVersion`). */
    version: plugin?.version ?? row.version,
    settingsVersion: row.version,
    iconUrl: pluginIconUrl(row.name, info?.icon, deps.pluginPackages),
    channel: row.channel,
    enabled: row.enabled,
    /** False when the server has not loaded this install's plugin: nothing runs until it is back. */
    available,
    /** The name admins know the plugin by (its manifest's display name), e.g. as the channel's kind. */
    displayName: deps.plugins.displayNameOf(row.name),
    health: health.health,
    failures: health.failures,
    lastError: health.lastError,
    lastErrorAt: health.lastErrorAt?.toISOString() ?? null,
    disabledReason: health.disabledReason,
    /** What the running version asks for beyond what an admin approved: it waits for an approval. */
    pendingPermissions: available ? pendingPermissions(deps.plugins, row) : null,
    /** The running version needs settings this install lacks: the admin completes them in its form. */
    needsConfiguration:
      available && row.disabledReason === NEEDS_CONFIGURATION
        ? { errors: settingsErrors(deps.plugins, row) }
        : null,
    /** Inbound items the plugin kept aside at the provider (unreadable mail), with the last reason. */
    rejected: row.rejectedCount
      ? {
          count: row.rejectedCount,
          reason: row.rejectedReason,
          at: row.rejectedAt?.toISOString() ?? null,
        }
      : null,
    config: available ? await deps.plugins.readConfig(id) : null,
    features,
    /**
     * Where the provider sends events; shown when the channel receives by webhook, and for a billing
     * plugin (its payment events set the accounts' plans: docs/billing.md).
     */
    webhookUrl:
      deps.publicUrl &&
      ((row.channel && (features?.inbound ?? ['webhook']).includes('webhook')) ||
        plugin?.capabilities.includes('billing'))
        ? `${deps.publicUrl}/hooks/${row.id}`
        : null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listInstalls(deps: IntegrationDeps, accountId: string) {
  // A plugin reloaded at a new version since the last look: its installs migrate or ask first. A
  // failure here is logged: the list must still show, with the controls to fix what is wrong.
  await reconcileInstalls(deps, { accountId }).catch((err) =>
    deps.logger.error({ err, accountId }, 'reconciling plugin installs before listing them failed'),
  );
  const rows = await deps.db.pluginInstall.findMany({
    where: { accountId },
    orderBy: { createdAt: 'asc' },
    include: { channel: { select: { id: true, name: true } } },
  });
  return Promise.all(
    rows.map(async (row) => {
      try {
        return await installView(deps, row.id);
      } catch (err) {
        // One unreadable install (its plugin gone half-way, settings sealed with another key) must
        // not hide the others, nor the controls to remove it.
        deps.logger.error({ err, installId: row.id, plugin: row.name }, 'listing a plugin install failed');
        return unreadableView(deps, row);
      }
    }),
  );
}

function unreadableView(
  deps: IntegrationDeps,
  row: Awaited<ReturnType<Db['pluginInstall']['findFirstOrThrow']>> & {
    channel: { id: string; name: string } | null;
  },
): Awaited<ReturnType<typeof installView>> {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    settingsVersion: row.version,
    iconUrl: null,
    channel: row.channel,
    enabled: row.enabled,
    available: false,
    displayName: deps.plugins.displayNameOf(row.name),
    health: 'unknown',
    failures: row.failures,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    pendingPermissions: null,
    needsConfiguration: null,
    rejected: null,
    config: null,
    features: null,
    webhookUrl: null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Settings and turning on need the plugin's code; an install of a plugin not loaded says how to fix it. */
function assertPluginLoaded(plugins: PluginHost, name: string): void {
  if (plugins.getPlugin(name)) return;
  throw new AppError(
    'bad_request',
    'integration.plugin_unavailable',
    `The plugin ${name} is not loaded by this server: install its package, add it to PARLEY_PLUGINS and restart`,
  );
}

async function ownInstall(db: Db, accountId: string, id: string) {
  const row = await db.pluginInstall.findFirst({ where: { id, accountId } });
  if (!row) throw notFound('Integration');
  return row;
}

/** Installs an account-wide plugin (translator, GIF provider). */
export async function installPlugin(
  deps: IntegrationDeps,
  actor: AdminActor,
  input: { name: string; config: Record<string, unknown> },
) {
  await assertFeature(deps, actor.accountId, 'plugins');
  const plugin = deps.plugins.getPlugin(input.name);
  if (!plugin) throw notFound('Plugin');
  if (plugin.capabilities.includes('channel') || isPhone(plugin)) {
    throw new AppError(
      'bad_request',
      'integration.is_channel',
      'Add this one as a channel (Manage → Channels)',
    );
  }
  const result = await deps.plugins.createInstall({
    accountId: actor.accountId,
    name: input.name,
    config: input.config,
  });
  if (!result.ok) throw invalidConfig(result.errors);
  await recordApprovedPermissions(deps, result.install.id, input.name);
  await audit(deps.db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: 'integration.installed',
    targetType: 'plugin',
    targetId: result.install.id,
    ip: actor.ip,
  });
  return installView(deps, result.install.id);
}

/** J1: a channel backed by a plugin (Telegram, WhatsApp, Messenger, email, third-party). */
export async function createPluginChannel(
  deps: IntegrationDeps,
  actor: AdminActor,
  input: { plugin: string; name: string; config: Record<string, unknown> },
) {
  const plugin = deps.plugins.getPlugin(input.plugin);
  if (!plugin || !(plugin.capabilities.includes('channel') || isPhone(plugin)))
    throw notFound('Channel plugin');
  const phone = isPhone(plugin);
  const checked = deps.plugins.validateConfig(input.plugin, input.config);
  if (!checked.ok) throw invalidConfig(checked.errors);
  await assertFeature(deps, actor.accountId, 'plugins');
  const usage = await assertCanAddChannel(deps, actor.accountId);
  const channel = await deps.db.channel.create({
    data: {
      accountId: actor.accountId,
      kind: phone ? 'phone' : (KIND_OF_PLUGIN[plugin.name] ?? 'plugin'),
      plugin: plugin.name,
      name: input.name,
      publicKey: `pk_${randomBytes(12).toString('base64url')}`,
    },
  });
  const result = await deps.plugins.createInstall({
    accountId: actor.accountId,
    name: plugin.name,
    config: input.config,
  });
  if (!result.ok) {
    await deps.db.channel.delete({ where: { id: channel.id } });
    throw invalidConfig(result.errors);
  }
  await deps.db.pluginInstall.update({ where: { id: result.install.id }, data: { channelId: channel.id } });
  await recordApprovedPermissions(deps, result.install.id, plugin.name);
  try {
    if (phone) await deps.plugins.phone(result.install.id);
    else await deps.plugins.channel(result.install.id);
  } catch (err) {
    // The plugin cannot start with these settings: a channel added anyway would only fail every
    // message. Refuse, keep nothing (the install goes with its channel) and say why.
    await deps.plugins.unload(result.install.id);
    await deps.db.channel.delete({ where: { id: channel.id } });
    await deps.plugins.reload(result.install.id);
    throw pluginFailed(deps, PluginError.from(err, { plugin: plugin.name, installId: result.install.id }));
  }
  let connected: string | null = null;
  try {
    const capability = phone
      ? await deps.plugins.phone(result.install.id)
      : await deps.plugins.channel(result.install.id);
    connected = (await capability.connect?.())?.detail ?? null;
  } catch (err) {
    // The channel exists; its health shows the problem and the admin can fix the settings.
    deps.logger.warn({ err, installId: result.install.id }, 'channel connect failed');
  }
  // Mail already waiting in the mailbox shows up now, not at the next scheduled poll.
  if (!phone)
    runInBackground(deps.logger, 'first-channel-poll', { installId: result.install.id }, () =>
      pollInstall(deps, result.install.id),
    );
  await audit(deps.db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: 'channel.created',
    targetType: 'channel',
    targetId: channel.id,
    ip: actor.ip,
  });
  warnAboutUsage({ ...deps, mailer: deps.mailer ?? null }, usage);
  return {
    channelId: channel.id,
    installId: result.install.id,
    connected,
    integration: await installView(deps, result.install.id),
  };
}

export async function configureInstall(
  deps: IntegrationDeps,
  actor: AdminActor,
  input: { id: string; config: Record<string, unknown> },
) {
  const row = await ownInstall(deps.db, actor.accountId, input.id);
  assertPluginLoaded(deps.plugins, row.name);
  const result = await deps.plugins.updateConfig(input.id, input.config);
  if (!result.ok) throw invalidConfig(result.errors);
  // The settings the new version asked for are complete: the install runs again (unless it still
  // waits for its permissions to be approved).
  if (row.disabledReason === NEEDS_CONFIGURATION && !pendingPermissions(deps.plugins, row)) {
    await deps.plugins.enable(row.id);
  }
  return installView(deps, input.id);
}

/**
 * An admin approves what the running version of a plugin asks for (hosts, capabilities); the
 * install then carries on (or asks for its settings). `version` is the one the admin reviewed: a
 * plugin reloaded meanwhile at another version is not approved unseen.
 */
export async function approvePermissions(
  deps: IntegrationDeps,
  actor: AdminActor,
  input: { id: string; version: string },
) {
  const row = await ownInstall(deps.db, actor.accountId, input.id);
  assertPluginLoaded(deps.plugins, row.name);
  const running = deps.plugins.getPlugin(row.name)?.version;
  if (running !== input.version) {
    throw new AppError(
      'conflict',
      'integration.version_changed',
      `The server now runs ${row.name} ${running}: review what this version asks for`,
    );
  }
  const requested = requestedPermissions(deps.plugins, row.name);
  if (requested) {
    await deps.db.pluginInstall.update({
      where: { id: row.id },
      data: { approvedPermissions: JSON.stringify(requested) },
    });
  }
  await audit(deps.db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: 'integration.permissions_approved',
    targetType: 'plugin',
    targetId: row.id,
    ip: actor.ip,
  });
  await reconcileInstall(deps, row.id);
  return installView(deps, row.id);
}

export async function setInstallEnabled(
  deps: IntegrationDeps,
  actor: AdminActor,
  input: { id: string; enabled: boolean },
) {
  const row = await ownInstall(deps.db, actor.accountId, input.id);
  if (input.enabled) {
    assertPluginLoaded(deps.plugins, row.name);
    assertReadyToRun(deps, row);
  }
  if (input.enabled) await deps.plugins.enable(row.id);
  else await deps.plugins.disable(row.id, 'disabled_by_admin');
  if (row.channelId) {
    await deps.db.channel.update({ where: { id: row.channelId }, data: { enabled: input.enabled } });
    if (!input.enabled) await invalidateVisitorAuth(deps.bus, { channelIds: [row.channelId] });
  }
  return installView(deps, row.id);
}

/** Turning on an install its running version has not been cleared for asks the pending question first. */
function assertReadyToRun(
  deps: IntegrationDeps,
  row: { name: string; config: string; approvedPermissions: string | null },
): void {
  const pending = pendingPermissions(deps.plugins, row);
  if (pending) {
    throw new AppError(
      'bad_request',
      'integration.needs_approval',
      `Approve what ${deps.plugins.displayNameOf(row.name)} now asks for before turning it on`,
    );
  }
  const errors = settingsErrors(deps.plugins, row);
  if (Object.keys(errors).length > 0) {
    throw new AppError(
      'bad_request',
      'integration.needs_configuration',
      `Complete the settings ${deps.plugins.displayNameOf(row.name)} needs before turning it on`,
      errors,
    );
  }
}

/**
 * A plugin call failed in front of a user: they get the kind and status, the log gets the whole
 * message (which may quote the provider's response body: never shown, see docs/security.md).
 */
function pluginFailed(deps: Pick<IntegrationDeps, 'logger'>, err: PluginError): AppError {
  deps.logger.warn({ err }, err.summary().slice(0, 2000));
  return new AppError('bad_request', 'integration.failed', err.publicReason());
}

export async function sendTestMessage(
  deps: IntegrationDeps,
  actor: AdminActor,
  input: { id: string; to?: string | undefined },
) {
  const row = await ownInstall(deps.db, actor.accountId, input.id);
  try {
    const channel = await deps.plugins.channel(row.id);
    if (!channel.sendTest)
      throw new AppError('bad_request', 'integration.no_test', 'This channel has no test message');
    return { detail: (await channel.sendTest(input.to ? { to: input.to } : {}))?.detail ?? null };
  } catch (err) {
    if (err instanceof PluginError) throw pluginFailed(deps, err);
    throw err;
  }
}

/** C7 provider side: translate with the account's first enabled translator. */
export async function translateText(
  deps: IntegrationDeps,
  accountId: string,
  input: { text: string; to: string; from?: string | undefined },
) {
  const [install] = await deps.plugins.findInstalls(accountId, 'translator');
  if (!install)
    throw new AppError(
      'bad_request',
      'integration.no_translator',
      'No translator is set up (Manage → Integrations)',
    );
  try {
    const translator = await deps.plugins.translator(install.id);
    return await translator.translate({
      text: input.text,
      to: input.to,
      ...(input.from ? { from: input.from } : {}),
    });
  } catch (err) {
    if (err instanceof PluginError) throw pluginFailed(deps, err);
    throw err;
  }
}

/** C8 provider side: GIF search with the account's first enabled GIF provider. */
export async function searchGifs(
  deps: IntegrationDeps,
  accountId: string,
  input: { query: string; limit: number; offset?: number | undefined },
) {
  const [install] = await deps.plugins.findInstalls(accountId, 'gif');
  if (!install)
    throw new AppError(
      'bad_request',
      'integration.no_gif',
      'No GIF provider is set up (Manage → Integrations)',
    );
  try {
    const gif = await deps.plugins.gif(install.id);
    return await gif.search({
      query: input.query,
      limit: input.limit,
      ...(input.offset ? { offset: input.offset } : {}),
    });
  } catch (err) {
    if (err instanceof PluginError) throw pluginFailed(deps, err);
    throw err;
  }
}

/** Scheduled (once across processes): channels that poll (email over IMAP) fetch new messages. */
export async function pollChannels(deps: IntegrationDeps): Promise<number> {
  const installs = await deps.db.pluginInstall.findMany({
    // A suspended account's mailboxes are not read until it is unsuspended.
    where: { enabled: true, channelId: { not: null }, account: { suspendedAt: null } },
    select: { id: true, name: true },
  });
  let stored = 0;
  for (const { id, name } of installs) {
    // A plugin no longer loaded (its package removed or turned off) has nothing to poll with; a
    // phone channel (H2) is pushed to by its provider and has no channel capability.
    const plugin = deps.plugins.getPlugin(name);
    if (!plugin?.capabilities.includes('channel')) continue;
    try {
      stored += await pollInstall(deps, id);
    } catch (err) {
      deps.logger.warn({ err, installId: id }, 'channel poll failed');
    }
  }
  return stored;
}

/** One poll of one channel install, if its plugin polls. */
async function pollInstall(deps: IntegrationDeps, installId: string): Promise<number> {
  const channel = await deps.plugins.channel(installId);
  if (!channel.poll) return 0;
  let stored = 0;
  // The plugin acknowledges (marks mail seen) only after each batch is stored.
  await deps.plugins.poll(installId, async (events) => {
    stored += await persistInbound(deps, installId, events);
  });
  return stored;
}
