import { PluginError } from '../errors.js';
import type { ChannelCapability, Outbound, SendResult } from '../types.js';
import { checkAgainstFeatures } from './features.js';
import { type RetryOptions, retrying } from './guard.js';
import type { HostSettings, HostState } from './state.js';

export interface OutboundSendOptions {
  state: HostState;
  settings: HostSettings;
  /** The install's guarded channel, set up on first use. */
  channelOf: (id: string) => Promise<ChannelCapability>;
  recordSuccess: (id: string) => Promise<void>;
  recordFailure: (id: string, error: PluginError) => Promise<void>;
}

/** Outbound messages: each attempt under its deadline, retried with backoff, counted once. */
export function createOutboundSend(options: OutboundSendOptions) {
  const { state, settings, channelOf, recordSuccess, recordFailure } = options;

  /**
   * Send through a channel with retries and backoff. `onAttempt` reports retrying/failed/sent so
   * the caller persists Message.deliveryStatus; a failed message can be sent again later.
   */
  async function send(
    id: string,
    message: Outbound,
    opts: Pick<RetryOptions, 'onAttempt' | 'signal' | 'attempts'> = {},
  ): Promise<SendResult> {
    let pluginName = '?';
    try {
      const sent = await retrying(
        async () => {
          const channel = await channelOf(id);
          const a = await state.active.get(id);
          pluginName = a?.plugin.name ?? pluginName;
          if (!a?.sendOnce) {
            throw new PluginError('the install was unloaded while sending', {
              kind: 'internal',
              installId: id,
            });
          }
          checkAgainstFeatures(channel.features, message, { plugin: pluginName, installId: id });
          const result = await a.sendOnce(message);
          if (!result || typeof result.externalMessageId !== 'string' || !result.externalMessageId) {
            throw new PluginError(
              'send returned no externalMessageId: return { externalMessageId } with the id the provider gave the message',
              { kind: 'invalid_plugin', retryable: false, plugin: pluginName, installId: id },
            );
          }
          return result;
        },
        { ...settings.retry, ...opts },
      );
      await recordSuccess(id);
      return sent;
    } catch (thrown) {
      // One failure per message, after its last attempt (not one per retry).
      const error = PluginError.from(thrown, { plugin: pluginName, installId: id });
      await recordFailure(id, error);
      throw error;
    }
  }

  return { send };
}
