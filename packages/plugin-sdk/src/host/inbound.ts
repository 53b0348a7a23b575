import type {
  ChannelCapability,
  DeliverInbound,
  InboundEvent,
  Logger,
  WebhookHead,
  WebhookRequest,
  WebhookResponse,
  WebhookResult,
} from '../types.js';
import { StorageError } from './health.js';
import type { GuardedInstall } from './state.js';

/** Webhook bodies are read into memory before a plugin authenticates them: keep them small. */
const DEFAULT_WEBHOOK_MAX_BYTES = 1024 * 1024;

export interface InboundOptions {
  logger: Logger;
  use: (id: string) => Promise<GuardedInstall>;
  /** The install's guarded channel, set up on first use. */
  channelOf: (id: string) => Promise<ChannelCapability>;
  /** Refuse (and count) events a plugin handed over that Parley cannot store. */
  checkEvents: (id: string, pluginName: string, what: string, events: unknown) => Promise<void>;
}

/** What comes in from a channel: webhooks pushed by the provider, and polls. */
export function createInbound(options: InboundOptions) {
  const { logger, use, channelOf, checkEvents } = options;

  /** What the API checks before reading a webhook's body: the size limit and the plugin's precheck. */
  async function webhookGate(
    id: string,
    head: WebhookHead,
  ): Promise<{ maxBytes: number; refused: WebhookResponse | undefined }> {
    const channel = await channelOf(id);
    return {
      maxBytes: channel.webhookMaxBytes ?? DEFAULT_WEBHOOK_MAX_BYTES,
      refused: await channel.precheckWebhook?.(head),
    };
  }

  /** Hand a webhook request to the install's channel: its answer and the events it parsed. */
  async function handleWebhook(id: string, request: WebhookRequest): Promise<WebhookResult> {
    const channel = await channelOf(id);
    if (!channel.handleWebhook) {
      return { response: { status: 404, body: 'no webhook for this channel' }, events: [] };
    }
    const result = await channel.handleWebhook(request);
    const events = result?.events ?? [];
    await checkEvents(id, (await use(id)).plugin.name, 'handleWebhook', events);
    return { response: result?.response ?? { status: 200 }, events };
  }

  /**
   * The delivery guarantee for webhooks: parse the request, store its events with `deliver`, and only
   * then give the plugin's answer. When storing fails the provider gets a 500 and redelivers; the
   * stored ids make that redelivery count once. A plugin error (it could not read the request) is
   * thrown for the caller to answer.
   */
  async function receiveWebhook(
    id: string,
    request: WebhookRequest,
    deliver: DeliverInbound,
  ): Promise<WebhookResponse> {
    const result = await handleWebhook(id, request);
    if (!result.events.length) return result.response;
    try {
      await deliver(result.events);
    } catch (error) {
      logger.error({ err: error, installId: id }, 'storing webhook events failed; the provider will retry');
      return { status: 500, body: 'not stored, please retry' };
    }
    return result.response;
  }

  /**
   * One poll: the plugin hands what it fetched to `deliver` and acknowledges it at the provider once
   * stored (events it returns instead are delivered here). Resolves with every delivered event;
   * without `deliver` they are only collected (tests).
   */
  async function poll(id: string, deliver?: DeliverInbound): Promise<InboundEvent[]> {
    const channel = await channelOf(id);
    if (!channel.poll) return [];
    const delivered: InboundEvent[] = [];
    const pluginName = (await use(id)).plugin.name;
    const store: DeliverInbound = async (events) => {
      await checkEvents(id, pluginName, 'poll', events);
      if (!events.length) return;
      try {
        await deliver?.(events);
      } catch (error) {
        // Not the plugin's fault: the health book does not count it against the install.
        throw new StorageError(error);
      }
      delivered.push(...events);
    };
    const rest = await channel.poll(store);
    if (rest?.length) await store(rest);
    return delivered;
  }

  return { webhookGate, handleWebhook, receiveWebhook, poll };
}
