import { createHmac } from 'node:crypto';
import type { SoftphoneAgent, SoftphoneCredentials } from '@parley/plugin-sdk';
import { definePlugin, PLUGIN_API_VERSION, PluginError } from '@parley/plugin-sdk';
import { z } from 'zod';

/**
 * H2, the softphone model: SIP over WebSocket (RFC 7118). The agent's console registers a SIP user
 * agent (JsSIP) with the operator's SIP server or PBX (Kamailio, Asterisk, FreeSWITCH, a carrier)
 * and carries the audio itself; Parley only hands out the credentials. The server never connects to
 * the SIP server, so this plugin makes no outbound requests at all.
 *
 * Two ways to authenticate an agent, the first preferred:
 * - **Shared secret (ephemeral credentials)**, the TURN REST API scheme that Kamailio's
 *   `auth_ephemeral` module checks: username = `<unix expiry>:<sip user>`, password =
 *   base64(HMAC-SHA1(secret, username)). Nothing per agent is stored; a leaked password stops
 *   working at its expiry.
 * - **Per-agent static credentials**: one line per agent, `<agent email> <sip user> <password>`,
 *   for servers with a fixed user table. The whole list is one sealed secret.
 * An agent without a line falls back to ephemeral credentials when a secret is set.
 */

/** ws:// only to this machine (tests, a PBX on the same host); everything else wss://. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
/** A SIP user part we hand out: safe in a URI without escaping. */
const SIP_USER = /^[A-Za-z0-9._~!$&'()*+,;=-]{1,64}$/;
/** A digest password in a config line: anything but whitespace. */
const SIP_PASSWORD = /^\S{1,128}$/;

export function webSocketUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') return 'must start with wss://';
  if (url.username || url.password) return 'must not contain a user or password';
  if (url.protocol === 'ws:' && !LOOPBACK.has(url.hostname)) return 'ws:// is only allowed to 127.0.0.1';
  return null;
}

export interface StaticCredential {
  email: string;
  user: string;
  password: string;
}

/** Parses the per-agent lines; returns the entries or the 1-based numbers of the bad lines. */
export function parseAgentCredentials(text: string): { entries: StaticCredential[]; badLines: number[] } {
  const entries: StaticCredential[] = [];
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [email, user, password, ...rest] = line.split(/\s+/);
    if (
      rest.length ||
      !email ||
      !z.email().safeParse(email).success ||
      !user ||
      !SIP_USER.test(user) ||
      !password ||
      !SIP_PASSWORD.test(password)
    )
      badLines.push(i + 1);
    else entries.push({ email: email.toLowerCase(), user, password });
  });
  return { entries, badLines };
}

const configSchema = z
  .object({
    wsUrl: z
      .string()
      .trim()
      .max(500)
      .refine((v) => webSocketUrlProblem(v) === null, 'validation.invalid')
      .meta({ title: 'WebSocket URL of the SIP server (wss://sip.example.com:7443)' }),
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(HOSTNAME, 'validation.invalid')
      .meta({ title: 'SIP domain (the part after @ in sip:agent@domain)' }),
    sharedSecret: z
      .string()
      .trim()
      .min(16)
      .max(200)
      .optional()
      .meta({ secret: true, title: 'Shared secret for short-lived credentials (Kamailio auth_ephemeral)' }),
    credentialMinutes: z.coerce
      .number()
      .int()
      .min(10)
      .max(7 * 24 * 60)
      .default(12 * 60)
      .meta({ title: 'Short-lived credentials last (minutes)' }),
    userPrefix: z
      .string()
      .trim()
      .max(20)
      .regex(/^[a-z0-9._-]*$/, 'validation.invalid')
      .default('agent-')
      .meta({ title: 'SIP user prefix for short-lived credentials (user = prefix + agent id)' }),
    agentCredentials: z
      .string()
      .max(20_000)
      .optional()
      .refine((v) => !v || parseAgentCredentials(v).badLines.length === 0, 'validation.invalid')
      .meta({
        secret: true,
        title: 'Per-agent SIP accounts, one per line: agent email, SIP user, password',
      }),
  })
  .refine((c) => Boolean(c.sharedSecret) || Boolean(c.agentCredentials?.trim()), {
    message: 'validation.required',
    path: ['sharedSecret'],
  });

type Config = z.output<typeof configSchema>;

/**
 * The TURN REST API / Kamailio auth_ephemeral credential for `user` valid until `expiresAt`:
 * username `<unix seconds>:<user>`, password base64(HMAC-SHA1(secret, username)).
 */
export function ephemeralCredential(secret: string, user: string, expiresAt: Date) {
  const username = `${Math.floor(expiresAt.getTime() / 1000)}:${user}`;
  const password = createHmac('sha1', secret).update(username).digest('base64');
  return { username, password };
}

/** The agent's SIP user for ephemeral credentials: prefix + the agent id without dashes. */
export function ephemeralUser(prefix: string, agent: Pick<SoftphoneAgent, 'userId'>) {
  return `${prefix}${agent.userId.replace(/[^A-Za-z0-9]/g, '').toLowerCase()}`;
}

export function credentialsFor(c: Config, agent: SoftphoneAgent, now = new Date()): SoftphoneCredentials {
  const servers = [c.wsUrl];
  const email = agent.email?.toLowerCase();
  const fixed = c.agentCredentials
    ? parseAgentCredentials(c.agentCredentials).entries.find((e) => email && e.email === email)
    : undefined;
  if (fixed)
    return {
      servers,
      uri: `sip:${fixed.user}@${c.domain}`,
      authorizationUser: fixed.user,
      password: fixed.password,
      displayName: agent.name,
    };
  if (!c.sharedSecret)
    throw new PluginError('this agent has no SIP account: add a line for their email in the SIP settings', {
      kind: 'config',
      code: 'no_sip_account',
      retryable: false,
    });
  const user = ephemeralUser(c.userPrefix, agent);
  // Whole seconds: the expiry in the username is what the server checks, so the console's is the same.
  const expiresAt = new Date(Math.floor((now.getTime() + c.credentialMinutes * 60_000) / 1000) * 1000);
  const { username, password } = ephemeralCredential(c.sharedSecret, user, expiresAt);
  return {
    servers,
    uri: `sip:${user}@${c.domain}`,
    authorizationUser: username,
    password,
    expiresAt,
    displayName: agent.name,
  };
}

export default definePlugin({
  name: 'phone-sip',
  version: '1.0.0',
  apiVersion: PLUGIN_API_VERSION,
  displayName: 'SIP phone (WebSocket)',
  description:
    'Calls in the browser through your own SIP server or PBX over WebSocket (Kamailio, Asterisk, FreeSWITCH).',
  configSchema,
  // Not fetched by the server, but where the credentials go: changing it asks for the secrets again.
  hostFields: ['wsUrl'],
  capabilities: ['phone'],
  setup(ctx) {
    const c: Config = ctx.config;
    return {
      phone: {
        models: ['softphone'],
        async softphoneCredentials(agent) {
          return credentialsFor(c, agent);
        },
      },
    };
  },
});
