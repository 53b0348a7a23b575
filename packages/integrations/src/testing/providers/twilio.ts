import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { WebhookRequest } from '@parley/plugin-sdk';
import { formParams, twilioSignature } from '../../plugins/phone-twilio/twiml.js';
import { type FakeServer, parseBody, type RecordedRequest, sendJson, startServer } from './server.js';

export { twilioSignature };

/**
 * A local fake of Twilio Programmable Voice, in its documented shape: create a call
 * (`POST /2010-04-01/Accounts/{Sid}/Calls.json`, form-encoded, basic auth), update a live call
 * (`Status=completed` or new `Twiml`), find and update an incoming number, and errors as Twilio's
 * JSON (`{ code, message, more_info, status }`). It plays the phone network too: `runOutbound` and
 * `ringInbound` send the status callbacks and fetch the TwiML that real calls would, each signed with
 * `X-Twilio-Signature` over the URL and sorted POST parameters.
 */
export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  /** The account's number. */
  phoneNumber: string;
  /**
   * Where a callback URL is really sent (a reverse proxy in front of Parley): the signature stays
   * over the URL Twilio was given, as with the real service behind a proxy.
   */
  deliverTo?: (url: string) => string;
}

export interface FakeCall {
  sid: string;
  to: string;
  from: string;
  /** The TwiML URL given at creation (outbound). */
  url?: string;
  statusCallback?: string;
  statusCallbackEvents: string[];
  status: string;
  /** TwiML set by an update (connectInbound). */
  twiml?: string;
  direction: 'outbound-api' | 'inbound';
}

export type OutboundOutcome =
  | { customer: 'completed'; durationSec: number }
  | { customer: 'busy' | 'no-answer' | 'failed' }
  | { agent: 'busy' | 'no-answer' | 'failed' };

export interface FakeTwilio extends FakeServer {
  calls: Map<string, FakeCall>;
  /** The number's voice URL and status callback, once `connect` set them. */
  number: { sid: string; voiceUrl?: string; statusCallback?: string };
  /** The next `times` API requests answer `status` (429 with Retry-After). */
  failNext(status: number, times?: number): void;
  /**
   * Plays an outbound call created through the API to its end: the agent's phone rings and answers,
   * the bridge TwiML is fetched and its `<Dial><Number>` rung, then `outcome`. Returns the answers
   * the webhook gave (status codes), in order.
   */
  runOutbound(callSid: string, outcome: OutboundOutcome): Promise<number[]>;
  /** Someone calls the number: the voice URL is requested; answers its status and TwiML. */
  ringInbound(input: {
    from: string;
    callSid?: string;
  }): Promise<{ callSid: string; status: number; body: string }>;
  /**
   * After `connectInbound` set TwiML dialling the agent: the agent answers, talks `durationSec`, and
   * the call ends (or the caller hangs up while waiting, when `durationSec` is null).
   */
  finishInbound(callSid: string, durationSec: number | null): Promise<number[]>;
  /** Send one signed callback to `url` (for tests of tampering). */
  callback(url: string, params: Record<string, string>): Promise<{ status: number; body: string }>;
}

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

function twilioError(res: ServerResponse, status: number, code: number, message: string) {
  if (status === 429) res.setHeader('retry-after', '1');
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

export async function startFakeTwilio(options: FakeTwilioOptions): Promise<FakeTwilio> {
  const calls = new Map<string, FakeCall>();
  const number: FakeTwilio['number'] = { sid: sid('PN') };
  let failing: { status: number; times: number } | null = null;
  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const base = `/2010-04-01/Accounts/${options.accountSid}`;

  async function handler(req: RecordedRequest, res: ServerResponse) {
    if (failing && failing.times > 0) {
      failing.times--;
      return twilioError(res, failing.status, failing.status === 429 ? 20429 : 20500, 'simulated failure');
    }
    if (req.headers.authorization !== expectedAuth)
      return twilioError(res, 401, 20003, 'Authentication Error - invalid username');
    const form = formParams(req.body.toString('utf8'));
    const one = (k: string) => {
      const v = form[k];
      return Array.isArray(v) ? v[0] : v;
    };
    if (req.method === 'POST' && req.path === `${base}/Calls.json`) {
      const to = one('To');
      const from = one('From');
      const url = one('Url');
      if (!to || !/^\+[1-9]\d{6,14}$/.test(to))
        return twilioError(res, 400, 21211, "Invalid 'To' Phone Number");
      if (from !== options.phoneNumber)
        return twilioError(res, 400, 21210, "'From' phone number not verified");
      if (!url) return twilioError(res, 400, 21205, 'Url parameter is required');
      const events = form.StatusCallbackEvent;
      const call: FakeCall = {
        sid: sid('CA'),
        to,
        from,
        url,
        statusCallbackEvents: Array.isArray(events) ? events : events ? [events] : ['completed'],
        status: 'queued',
        direction: 'outbound-api',
        ...(one('StatusCallback') ? { statusCallback: one('StatusCallback') } : {}),
      };
      calls.set(call.sid, call);
      return sendJson(res, 201, {
        sid: call.sid,
        account_sid: options.accountSid,
        to,
        from,
        status: 'queued',
        direction: 'outbound-api',
        uri: `${base}/Calls/${call.sid}.json`,
      });
    }
    const update = req.path.match(/^\/2010-04-01\/Accounts\/[^/]+\/Calls\/([^/]+)\.json$/);
    if (req.method === 'POST' && update) {
      const call = calls.get(decodeURIComponent(update[1] ?? ''));
      if (!call) return twilioError(res, 404, 20404, 'The requested resource was not found');
      if (call.status === 'completed') return twilioError(res, 400, 21220, 'Call is not in-progress');
      if (one('Status') === 'completed') call.status = 'completed';
      if (one('Twiml')) call.twiml = one('Twiml');
      return sendJson(res, 200, { sid: call.sid, status: call.status });
    }
    if (req.method === 'GET' && req.path === `${base}/IncomingPhoneNumbers.json`) {
      const wanted = req.query.get('PhoneNumber');
      return sendJson(res, 200, {
        incoming_phone_numbers:
          wanted === options.phoneNumber ? [{ sid: number.sid, phone_number: options.phoneNumber }] : [],
      });
    }
    if (req.method === 'POST' && req.path === `${base}/IncomingPhoneNumbers/${number.sid}.json`) {
      const voiceUrl = one('VoiceUrl');
      const statusCallback = one('StatusCallback');
      if (voiceUrl) number.voiceUrl = voiceUrl;
      if (statusCallback) number.statusCallback = statusCallback;
      return sendJson(res, 200, { sid: number.sid, voice_url: number.voiceUrl });
    }
    void parseBody;
    return twilioError(res, 404, 20404, 'The requested resource was not found');
  }

  const server = await startServer(handler);

  async function callback(url: string, params: Record<string, string>) {
    const full = { AccountSid: options.accountSid, ApiVersion: '2010-04-01', ...params };
    const res = await fetch(options.deliverTo?.(url) ?? url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(options.authToken, url, full),
      },
      body: new URLSearchParams(full),
    });
    return { status: res.status, body: await res.text() };
  }

  /** The first `attr="…"` of `tag` in a TwiML document, unescaped. */
  const attr = (doc: string, tag: string, name: string) => {
    const m = doc.match(new RegExp(`<${tag}[^>]*\\s${name}="([^"]*)"`));
    return m?.[1]
      ?.replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  };
  const numberIn = (doc: string) => doc.match(/<Number[^>]*>([^<]+)<\/Number>/)?.[1];

  /** The agent's phone answered a `<Dial>` document: the customer's leg plays `outcome`. */
  async function playDial(
    parent: FakeCall,
    doc: string,
    outcome: { status: string; durationSec?: number },
    answers: number[],
  ) {
    const customer = numberIn(doc);
    if (!customer) throw new Error(`no <Number> in ${doc}`);
    const childSid = sid('CA');
    const legUrl = attr(doc, 'Number', 'statusCallback');
    if (outcome.status === 'completed' && legUrl)
      answers.push(
        (
          await callback(legUrl, {
            CallSid: childSid,
            ParentCallSid: parent.sid,
            CallStatus: 'in-progress',
            To: customer,
            From: parent.from,
            Direction: 'outbound-dial',
          })
        ).status,
      );
    const action = attr(doc, 'Dial', 'action');
    if (action)
      answers.push(
        (
          await callback(action, {
            CallSid: parent.sid,
            DialCallSid: childSid,
            DialCallStatus: outcome.status,
            ...(outcome.durationSec === undefined ? {} : { DialCallDuration: String(outcome.durationSec) }),
            CallStatus: 'in-progress',
          })
        ).status,
      );
  }

  const fake: FakeTwilio = {
    ...server,
    calls,
    number,
    failNext(status, times = 1) {
      failing = { status, times };
    },
    callback,
    async runOutbound(callSid, outcome) {
      const call = calls.get(callSid);
      if (!call?.url) throw new Error(`no outbound call ${callSid}`);
      const answers: number[] = [];
      const status = async (s: string, extra: Record<string, string> = {}) => {
        call.status = s;
        if (call.statusCallback && (call.statusCallbackEvents.includes(s) || s !== 'ringing'))
          answers.push(
            (
              await callback(call.statusCallback, {
                CallSid: call.sid,
                CallStatus: s,
                To: call.to,
                From: call.from,
                Direction: 'outbound-api',
                ...extra,
              })
            ).status,
          );
      };
      await status('ringing');
      if ('agent' in outcome) {
        await status(outcome.agent, { CallDuration: '0' });
        return answers;
      }
      call.status = 'in-progress';
      // The agent answered: Twilio fetches the call's TwiML.
      const twimlRes = await callback(call.url, {
        CallSid: call.sid,
        CallStatus: 'in-progress',
        To: call.to,
        From: call.from,
        Direction: 'outbound-api',
      });
      answers.push(twimlRes.status);
      await playDial(
        call,
        twimlRes.body,
        'durationSec' in outcome
          ? { status: outcome.customer, durationSec: outcome.durationSec }
          : { status: outcome.customer },
        answers,
      );
      const total = 'durationSec' in outcome ? outcome.durationSec + 5 : 5;
      await status('completed', { CallDuration: String(total) });
      return answers;
    },
    async ringInbound({ from, callSid }) {
      if (!number.voiceUrl) throw new Error('the number has no voice URL: connect the install first');
      const call: FakeCall = {
        sid: callSid ?? sid('CA'),
        to: options.phoneNumber,
        from,
        statusCallbackEvents: ['completed'],
        status: 'ringing',
        direction: 'inbound',
        ...(number.statusCallback ? { statusCallback: number.statusCallback } : {}),
      };
      calls.set(call.sid, call);
      const res = await callback(number.voiceUrl, {
        CallSid: call.sid,
        CallStatus: 'ringing',
        From: from,
        To: options.phoneNumber,
        Direction: 'inbound',
      });
      call.status = 'queued';
      return { callSid: call.sid, ...res };
    },
    async finishInbound(callSid, durationSec) {
      const call = calls.get(callSid);
      if (!call) throw new Error(`no inbound call ${callSid}`);
      const answers: number[] = [];
      if (durationSec !== null) {
        if (!call.twiml) throw new Error('the call was not connected to an agent (no TwiML update)');
        await playDial(call, call.twiml, { status: 'completed', durationSec }, answers);
      }
      call.status = 'completed';
      if (call.statusCallback)
        answers.push(
          (
            await callback(call.statusCallback, {
              CallSid: call.sid,
              CallStatus: 'completed',
              CallDuration: String((durationSec ?? 0) + 10),
              From: call.from,
              To: call.to,
              Direction: 'inbound',
            })
          ).status,
        );
      return answers;
    },
  };
  return fake;
}

/** A signed Twilio webhook request as the plugin receives it (for unit tests without HTTP). */
export function twilioWebhookRequest(
  authToken: string,
  webhookUrl: string,
  query: Record<string, string>,
  params: Record<string, string>,
): WebhookRequest {
  const url = Object.keys(query).length ? `${webhookUrl}?${new URLSearchParams(query)}` : webhookUrl;
  const body = new URLSearchParams(params).toString();
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(authToken, url, params),
    },
    query,
    rawBody: Buffer.from(body),
  };
}
