import type { PhoneCallStatus, PhoneEvent, WebhookRequest, WebhookResponse } from '@parley/plugin-sdk';
import { definePlugin, httpUrl, PLUGIN_API_VERSION, PluginError, providerError } from '@parley/plugin-sdk';
import { z } from 'zod';
import { header, jsonOrThrow, safeEqual, trimSlash } from '../util.js';
import { formParams, TWIML, twilioSignature, twiml, xml } from './twiml.js';

/**
 * H2, the provider-bridged model: Twilio Programmable Voice places the calls and bridges them; no
 * audio passes through Parley or the browser.
 *
 * Outbound ("click-to-call"): `dial` creates a call to the AGENT's own phone (REST, form-encoded,
 * basic auth). When the agent picks up, Twilio fetches our TwiML (`leg=bridge`), which `<Dial>`s the
 * customer with our number as caller id. Progress comes back signed with `X-Twilio-Signature`:
 *   leg=agent     status callback of the agent's call: ringing; busy/no-answer/failed/canceled when
 *                 the agent's phone did not take it; completed (a fallback end)
 *   leg=customer  status callback of the customer's leg (`<Number statusCallback>`): answered
 *   leg=dial      the `<Dial action>` when the customer's leg ends: completed with DialCallDuration
 *                 (the connected time, what the call costs), or busy / no-answer / failed / canceled
 * Inbound: the number's voice URL (`leg=inbound`, set by `connect`) answers with a greeting and a
 * queue (Twilio's hold music) and reports `call.inbound`; when an agent accepts, `connectInbound`
 * redirects the live call to TwiML that dials the agent's phone; the same legs report the rest.
 */

const E164 = /^\+[1-9]\d{6,14}$/;

const configSchema = z.object({
  accountSid: z
    .string()
    .trim()
    .regex(/^AC[0-9a-f]{32}$/, 'validation.invalid')
    .meta({ title: 'Account SID' }),
  authToken: z.string().trim().min(16).meta({ secret: true, title: 'Auth token' }),
  phoneNumber: z
    .string()
    .trim()
    .regex(E164, 'validation.invalid')
    .meta({ title: 'Twilio phone number (E.164, e.g. +15017122661)' }),
  greeting: z
    .string()
    .trim()
    .max(300)
    .default('Thank you for calling. Please hold while we connect you.')
    .meta({ title: 'Greeting for inbound callers' }),
  language: z.string().trim().max(10).default('en-US').meta({ title: 'Greeting language (e.g. tr-TR)' }),
  baseUrl: httpUrl().default('https://api.twilio.com').meta({ title: 'API URL' }),
});

type Config = z.output<typeof configSchema>;

/** What Twilio's documented call statuses mean for Parley. */
const AGENT_LEG: Record<string, PhoneCallStatus | undefined> = {
  ringing: 'ringing',
  busy: 'busy',
  'no-answer': 'no-answer',
  failed: 'failed',
  canceled: 'canceled',
  completed: 'completed',
};
const DIAL_RESULT: Record<string, PhoneCallStatus | undefined> = {
  completed: 'completed',
  answered: 'completed',
  busy: 'busy',
  'no-answer': 'no-answer',
  failed: 'failed',
  canceled: 'canceled',
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const seconds = (v: string | undefined) => {
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
};

export default definePlugin({
  name: 'phone-twilio',
  version: '1.0.0',
  apiVersion: PLUGIN_API_VERSION,
  displayName: 'Twilio Voice',
  description:
    'Phone calls through Twilio Programmable Voice: Twilio rings the agent’s phone and bridges the customer.',
  configSchema,
  urlFields: ['baseUrl'],
  capabilities: ['phone'],
  /**
   * Per-minute prices in credit units (cents) by destination prefix. An example table close to
   * Twilio's list prices; an owner who resells at other prices forks the plugin or writes their own.
   */
  rates: {
    perMinute: [
      { prefix: '1', amount: 2 },
      { prefix: '44', amount: 3 },
      { prefix: '49', amount: 3 },
      { prefix: '90', amount: 10 },
    ],
    otherwise: 15,
    inbound: 1,
  },
  setup(ctx) {
    const c: Config = ctx.config;
    const api = `${trimSlash(c.baseUrl)}/2010-04-01/Accounts/${c.accountSid}`;
    const auth = `Basic ${Buffer.from(`${c.accountSid}:${c.authToken}`).toString('base64')}`;

    const hookUrl = (params?: Record<string, string>) => {
      if (!ctx.webhookUrl)
        throw new PluginError('the server has no public URL for Twilio to call back: set PUBLIC_URL', {
          kind: 'config',
          retryable: false,
        });
      return params ? `${ctx.webhookUrl}?${new URLSearchParams(params)}` : ctx.webhookUrl;
    };

    async function post(path: string, form: URLSearchParams, what: string) {
      const res = await ctx.fetch(`${api}${path}`, {
        method: 'POST',
        headers: {
          authorization: auth,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form,
      });
      return jsonOrThrow<Record<string, unknown>>(res, what);
    }

    /** The TwiML that dials `number` from our number, reporting the outcome to `leg=dial`. */
    const dialTwiml = (number: string, timeLimit?: number) =>
      twiml(
        `<Dial callerId="${xml(c.phoneNumber)}" action="${xml(hookUrl({ leg: 'dial' }))}" method="POST"${
          timeLimit ? ` timeLimit="${timeLimit}"` : ''
        }><Number statusCallbackEvent="answered" statusCallback="${xml(
          hookUrl({ leg: 'customer' }),
        )}" statusCallbackMethod="POST">${xml(number)}</Number></Dial>`,
      );

    const refuse = (status: number, body: string): { response: WebhookResponse; events: PhoneEvent[] } => ({
      response: { status, headers: { 'content-type': 'text/plain' }, body },
      events: [],
    });

    async function handleWebhook(request: WebhookRequest) {
      if (request.method !== 'POST') return refuse(405, 'POST only');
      const signature = header(request, 'x-twilio-signature');
      if (!signature) return refuse(401, 'missing X-Twilio-Signature');
      const params = formParams(request.rawBody.toString('utf8'));
      // Twilio signs the URL it requested: ours, with the query we gave it.
      const query = Object.entries(request.query).filter((e): e is [string, string] => e[1] !== undefined);
      const url = query.length ? `${hookUrl()}?${new URLSearchParams(query)}` : hookUrl();
      if (!safeEqual(twilioSignature(c.authToken, url, params), signature))
        return refuse(403, 'bad X-Twilio-Signature');
      if (one(params.AccountSid) !== c.accountSid) return refuse(403, 'another account');

      const at = new Date();
      const callSid = one(params.CallSid) ?? '';
      const ok = (events: PhoneEvent[], body = twiml('')) => ({
        response: { status: 200, headers: { 'content-type': TWIML }, body },
        events,
      });
      switch (request.query.leg) {
        case 'bridge': {
          // The agent picked up their phone: now ring the customer.
          const to = request.query.to;
          if (!to || !E164.test(to)) return ok([], twiml('<Hangup/>'));
          const limit = seconds(request.query.limit);
          return ok([], dialTwiml(to, limit));
        }
        case 'customer': {
          const parent = one(params.ParentCallSid);
          if (parent && one(params.CallStatus) === 'in-progress')
            return ok([{ type: 'call.status', externalCallId: parent, status: 'answered', at }]);
          return ok([]);
        }
        case 'dial': {
          const status = DIAL_RESULT[one(params.DialCallStatus) ?? ''];
          if (!status || !callSid) return ok([], twiml('<Hangup/>'));
          const durationSec =
            status === 'completed' ? (seconds(one(params.DialCallDuration)) ?? 0) : undefined;
          return ok(
            [
              {
                type: 'call.status',
                externalCallId: callSid,
                status,
                at,
                ...(durationSec === undefined ? {} : { durationSec }),
              },
            ],
            twiml('<Hangup/>'),
          );
        }
        case 'inbound': {
          const from = one(params.From);
          const to = one(params.To) ?? c.phoneNumber;
          if (!callSid || !E164.test(to)) return ok([], twiml('<Reject/>'));
          return ok(
            [
              {
                type: 'call.inbound',
                externalCallId: callSid,
                ...(from && E164.test(from) ? { from } : {}),
                to,
                at,
              },
            ],
            twiml(
              `<Say language="${xml(c.language)}">${xml(c.greeting)}</Say><Enqueue>${xml(`parley-${ctx.installId}`)}</Enqueue>`,
            ),
          );
        }
        default: {
          // leg=agent (an outbound call's first leg) and leg=call (the number's status callback).
          const raw = one(params.CallStatus) ?? '';
          const status = AGENT_LEG[raw];
          if (!status || !callSid) return ok([]);
          return ok([
            {
              type: 'call.status',
              externalCallId: callSid,
              status,
              at,
              ...(status === 'completed'
                ? {}
                : raw === 'ringing'
                  ? {}
                  : { reason: `${request.query.leg ?? 'call'} ${raw}` }),
            },
          ]);
        }
      }
    }

    return {
      phone: {
        models: ['bridge'],
        numbers: [c.phoneNumber],
        async dial(input) {
          if (!E164.test(input.to) || !E164.test(input.agentNumber))
            throw new PluginError('numbers must be E.164', { kind: 'input', retryable: false });
          const bridge: Record<string, string> = { leg: 'bridge', to: input.to };
          if (input.maxSeconds) bridge.limit = String(Math.floor(input.maxSeconds));
          const form = new URLSearchParams({
            To: input.agentNumber,
            From: c.phoneNumber,
            Url: hookUrl(bridge),
            Method: 'POST',
            StatusCallback: hookUrl({ leg: 'agent' }),
            StatusCallbackMethod: 'POST',
            // The agent has this long to pick up before Twilio reports no-answer.
            Timeout: '30',
          });
          for (const event of ['initiated', 'ringing', 'answered', 'completed'])
            form.append('StatusCallbackEvent', event);
          if (input.maxSeconds) form.set('TimeLimit', String(Math.floor(input.maxSeconds) + 60));
          const call = await post('/Calls.json', form, 'Twilio create call');
          const sid = call.sid;
          if (typeof sid !== 'string' || !sid)
            throw new PluginError('Twilio create call: no sid in the answer', { kind: 'provider' });
          return { externalCallId: sid };
        },
        async hangup({ externalCallId }) {
          try {
            await post(
              `/Calls/${encodeURIComponent(externalCallId)}.json`,
              new URLSearchParams({ Status: 'completed' }),
              'Twilio end call',
            );
          } catch (error) {
            // A call that has ended already (404, or 400 "not in progress") needs no ending.
            if (error instanceof PluginError && error.kind === 'input') return;
            throw error;
          }
        },
        async connectInbound({ externalCallId, agentNumber }) {
          if (!E164.test(agentNumber))
            throw new PluginError('the agent number must be E.164', { kind: 'input', retryable: false });
          await post(
            `/Calls/${encodeURIComponent(externalCallId)}.json`,
            new URLSearchParams({ Twiml: dialTwiml(agentNumber) }),
            'Twilio connect call',
          );
        },
        handleWebhook,
        webhookMaxBytes: 16 * 1024,
        precheckWebhook(head) {
          // Twilio signs every request: an unsigned one costs no body read.
          if (!header(head, 'x-twilio-signature'))
            return {
              status: 401,
              headers: { 'content-type': 'text/plain' },
              body: 'missing X-Twilio-Signature',
            };
          return undefined;
        },
        async connect() {
          // Point the number's voice URL and status callback at this install, so calls to it ring agents.
          const res = await ctx.fetch(
            `${api}/IncomingPhoneNumbers.json?${new URLSearchParams({ PhoneNumber: c.phoneNumber })}`,
            { headers: { authorization: auth, accept: 'application/json' } },
          );
          if (!res.ok) throw await providerError(res, 'Twilio find number');
          const list = (await res.json()) as { incoming_phone_numbers?: { sid?: string }[] };
          const sid = list.incoming_phone_numbers?.[0]?.sid;
          if (!sid)
            throw new PluginError(`${c.phoneNumber} is not a number of this Twilio account`, {
              kind: 'config',
              retryable: false,
            });
          await post(
            `/IncomingPhoneNumbers/${sid}.json`,
            new URLSearchParams({
              VoiceUrl: hookUrl({ leg: 'inbound' }),
              VoiceMethod: 'POST',
              StatusCallback: hookUrl({ leg: 'call' }),
              StatusCallbackMethod: 'POST',
            }),
            'Twilio set voice URL',
          );
          return { detail: `voice URL set for ${c.phoneNumber}` };
        },
      },
    };
  },
});
