// How live-chat hands an agent's message to the channel plugin behind a conversation (Telegram,
// email, …). live-chat is the lower layer: integrations builds on its messages and visitors, so
// live-chat cannot import integrations back. It owns this interface instead, and
// `integrations/channels.ts` provides the implementation when it loads (the routers load it).
import type { Db } from '@parley/db';
import type { ChannelFeatures, PluginHost } from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
import type { FileStore } from '../../lib/file-store';
import type { Logger } from '../../logger';

export interface OutboundDeps {
  db: Db;
  bus: EventBus;
  plugins: PluginHost;
  logger: Logger;
  /** Where the files of outgoing file messages are read from. */
  files: FileStore;
}

export interface PluginChannel {
  installId: string;
  /** Null when the install is disabled or cannot start now. */
  features: ChannelFeatures | null;
}

export interface ChannelOutbox {
  /** The plugin install behind a channel; null for a website channel. */
  pluginChannelOf(
    deps: Pick<OutboundDeps, 'db' | 'plugins'>,
    channelId: string | null,
  ): Promise<PluginChannel | null>;
  /** Sends the message out through its conversation's plugin in the background, with retries. */
  deliverLater(deps: OutboundDeps, messageId: string): void;
}

let provided: ChannelOutbox | null = null;

export function provideChannelOutbox(outbox: ChannelOutbox): void {
  provided = outbox;
}

function outbox(): ChannelOutbox {
  // Loud rather than a message that silently never leaves.
  if (!provided) throw new Error('No channel outbox: import domain/integrations/channels before sending');
  return provided;
}

export function pluginChannelOf(
  deps: Pick<OutboundDeps, 'db' | 'plugins'>,
  channelId: string | null,
): Promise<PluginChannel | null> {
  return outbox().pluginChannelOf(deps, channelId);
}

export function deliverOutboundLater(deps: OutboundDeps, messageId: string): void {
  outbox().deliverLater(deps, messageId);
}
