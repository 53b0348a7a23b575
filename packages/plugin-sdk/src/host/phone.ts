import { PluginError } from '../errors.js';
import {
  type DialInput,
  type DialResult,
  type Logger,
  PHONE_CALL_STATUSES,
  type PhoneCapability,
  type PhoneEvent,
  type SoftphoneAgent,
  type SoftphoneCredentials,
  type WebhookHead,
  type WebhookRequest,
  type WebhookResponse,
} from '../types.js';
import type { GuardedInstall } from './state.js';
import { E164 } from './validate.js';

/** Webhook bodies are read into memory before a plugin authenticates them: keep them small. */
const DEFAULT_WEBHOOK_MAX_BYTES = 64 * 1024;

const validDate = (v: unknown) => v instanceof Date && !Number.isNaN(v.getTime());
const nonEmpty = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 200;

/**
 * What is wrong with the call events a phone plugin handed over, so a malformed one is refused as
 * the plugin's fault (named) instead of failing inside Parley's call records.
 */
export function phoneEventProblems(events: unknown): string[] {
  if (!Array.isArray(events)) return ['events must be an array'];
  const problems: string[] = [];
  events.forEach((event, i) => {
    const e = event as Record<string, unknown> | null;
    const at = `events[${i}]`;
    if (!e || typeof e !== 'object') {
      problems.push(`${at} must be an object`);
      return;
    }
    if (!nonEmpty(e.externalCallId)) problems.push(`${at}.externalCallId must be a non-empty string`);
    if (!validDate(e.at)) problems.push(`${at}.at must be a valid Date`);
    if (e.type === 'call.status') {
      if (!PHONE_CALL_STATUSES.includes(e.status as never))
        problems.push(`${at}.status must be one of ${PHONE_CALL_STATUSES.join(', ')}`);
      if (
        e.durationSec !== undefined &&
        !(typeof e.durationSec === 'number' && Number.isInteger(e.durationSec) && e.durationSec >= 0)
      )
        problems.push(`${at}.durationSec must be a whole number of seconds ≥ 0`);
      if (e.reason !== undefined && typeof e.reason !== 'string')
        problems.push(`${at}.reason must be a string`);
    } else if (e.type === 'call.inbound') {
      if (typeof e.to !== 'string' || !E164.test(e.to)) problems.push(`${at}.to must be an E.164 number`);
      if (e.from !== undefined && (typeof e.from !== 'string' || !E164.test(e.from)))
        problems.push(`${at}.from must be an E.164 number when given`);
    } else {
      problems.push(`${at}.type must be one of call.status, call.inbound`);
    }
  });
  return problems;
}

function dialResultProblems(result: unknown): string[] {
  const r = result as Partial<DialResult> | null;
  return r && typeof r === 'object' && nonEmpty(r.externalCallId)
    ? []
    : ['return { externalCallId } with the id the provider gave the call'];
}

const WS_URL = /^wss?:\/\/[^\s/]+/;

function credentialProblems(result: unknown): string[] {
  const c = result as Partial<SoftphoneCredentials> | null;
  if (!c || typeof c !== 'object') return ['must return an object'];
  const problems: string[] = [];
  if (!Array.isArray(c.servers) || c.servers.length === 0 || !c.servers.every((s) => WS_URL.test(String(s))))
    problems.push('servers must be a non-empty array of ws:// or wss:// URLs');
  if (typeof c.uri !== 'string' || !/^sips?:[^\s@]+@[^\s@]+$/.test(c.uri))
    problems.push('uri must be a SIP URI (sip:user@domain)');
  if (!nonEmpty(c.authorizationUser)) problems.push('authorizationUser must be a non-empty string');
  if (typeof c.password !== 'string' || !c.password) problems.push('password must be a non-empty string');
  if (c.expiresAt !== undefined && !validDate(c.expiresAt)) problems.push('expiresAt must be a valid Date');
  return problems;
}

export interface PhoneOptions {
  logger: Logger;
  use: (id: string) => Promise<GuardedInstall>;
  /** The install's guarded phone capability, set up on first use. */
  phoneOf: (id: string) => Promise<PhoneCapability>;
  /** Refuse (and count) a result that fails the host's check, as the plugin's fault. */
  refuse: (id: string, pluginName: string, what: string, problems: string[]) => Promise<void>;
}

/**
 * The host side of the phone capability: every call goes through the guarded capability (deadline,
 * health, an isolated plugin's worker) and every result is checked before Parley uses it.
 */
export function createPhone(options: PhoneOptions) {
  const { logger, use, phoneOf, refuse } = options;
  const nameOf = async (id: string) => (await use(id)).plugin.name;

  function missing(pluginName: string, id: string, method: string): PluginError {
    return new PluginError(`${pluginName} has no phone.${method}`, {
      kind: 'config',
      retryable: false,
      plugin: pluginName,
      installId: id,
    });
  }

  async function webhookGate(
    id: string,
    head: WebhookHead,
  ): Promise<{ maxBytes: number; refused: WebhookResponse | undefined }> {
    const phone = await phoneOf(id);
    return {
      maxBytes: phone.webhookMaxBytes ?? DEFAULT_WEBHOOK_MAX_BYTES,
      refused: await phone.precheckWebhook?.(head),
    };
  }

  /**
   * A provider's webhook: the plugin verifies and parses it, `deliver` stores the events, and only
   * then the plugin's document goes back (a provider that gets a 5xx retries its callback).
   */
  async function receiveWebhook(
    id: string,
    request: WebhookRequest,
    deliver: (events: PhoneEvent[]) => Promise<void>,
  ): Promise<WebhookResponse> {
    const phone = await phoneOf(id);
    if (!phone.handleWebhook) return { status: 404, body: 'no webhook for this phone install' };
    const result = await phone.handleWebhook(request);
    const events = result?.events ?? [];
    await refuse(
      id,
      await nameOf(id),
      'phone.handleWebhook returned invalid events',
      phoneEventProblems(events),
    );
    if (events.length) {
      try {
        await deliver(events);
      } catch (error) {
        logger.error({ err: error, installId: id }, 'storing call events failed; the provider will retry');
        return { status: 500, body: 'not stored, please retry' };
      }
    }
    return result?.response ?? { status: 204 };
  }

  async function dial(id: string, input: DialInput): Promise<DialResult> {
    const phone = await phoneOf(id);
    const name = await nameOf(id);
    if (!phone.dial) throw missing(name, id, 'dial');
    const result = await phone.dial(input);
    await refuse(id, name, 'phone.dial returned no externalCallId', dialResultProblems(result));
    return { externalCallId: result.externalCallId };
  }

  async function hangup(id: string, externalCallId: string): Promise<void> {
    const phone = await phoneOf(id);
    if (!phone.hangup) throw missing(await nameOf(id), id, 'hangup');
    await phone.hangup({ externalCallId });
  }

  async function connectInbound(id: string, input: { externalCallId: string; agentNumber: string }) {
    const phone = await phoneOf(id);
    if (!phone.connectInbound) throw missing(await nameOf(id), id, 'connectInbound');
    await phone.connectInbound(input);
  }

  async function softphoneCredentials(id: string, agent: SoftphoneAgent): Promise<SoftphoneCredentials> {
    const phone = await phoneOf(id);
    const name = await nameOf(id);
    if (!phone.softphoneCredentials) throw missing(name, id, 'softphoneCredentials');
    const result = await phone.softphoneCredentials(agent);
    await refuse(
      id,
      name,
      'phone.softphoneCredentials returned invalid credentials',
      credentialProblems(result),
    );
    return result;
  }

  return { webhookGate, receiveWebhook, dial, hangup, connectInbound, softphoneCredentials };
}
