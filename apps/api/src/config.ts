import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type IceConfig, parseIceServers } from './domain/calls/ice';
import type { S3Options } from './lib/s3-file-store';

/** The repository root: default home of `./data` and of the built console. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// or rediss:// URL')
    .optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Parley <no-reply@localhost>'),
  TRUSTED_PROXIES: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PARLEY_SECRET_KEY: z.string().min(16, 'PARLEY_SECRET_KEY must be at least 16 characters').optional(),
  PARLEY_PLUGINS: z.string().default(''),
  CONSOLE_DIST: z.string().optional(),
  UPLOAD_MAX_MB: z.coerce.number().min(0.1).max(1024).default(10),
  S3_BUCKET: z.string().optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  WIDGET_DIST: z.string().optional(),
  ALLOW_PRIVATE_NETWORK_DESTINATIONS: z.enum(['true', 'false', '1', '0']).default('false'),
  PARLEY_PLUGIN_DEV: z.enum(['true', 'false', '1', '0']).default('false'),
  ICE_SERVERS: z.string().optional(),
  TURN_SECRET: z.string().min(8, 'TURN_SECRET must be at least 8 characters').optional(),
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  // Consoles beat every 20 s, and a tab hidden for minutes may be held to one timer a minute by the
  // browser (Chrome's intensive throttling): a shorter silence would end live calls.
  CALL_SILENT_AFTER_SECONDS: z.coerce.number().int().min(45).max(3600).default(90),
  API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  VAPID_PUBLIC_KEY: z.string().optional(),
  VAPID_PRIVATE_KEY: z.string().optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'VAPID_SUBJECT must be a mailto: or https:// URL')
    .optional(),
  STATS_ROLLUP: z.enum(['on', 'off'], { message: 'STATS_ROLLUP must be on or off' }).default('on'),
  STATS_ROLLUP_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  PARLEY_OPERATOR_EMAILS: z.string().default(''),
  SIGNUP: z
    .enum(['open', 'invite', 'closed'], { message: 'SIGNUP must be open, invite or closed' })
    .default('closed'),
  SIGNUP_INVITE_CODES: z.string().default(''),
  BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(7),
});

export interface Config {
  port: number;
  host: string;
  /** Origin used in links we send (invitations) and to decide whether cookies are Secure. */
  publicUrl: string | undefined;
  dataDir: string;
  filesDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Addresses/CIDRs whose X-Forwarded-For we believe (proxy-addr syntax, e.g. `loopback, 10.0.0.0/8`). */
  trustedProxies: string[];
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  consoleDist: string;
  widgetDist: string;
  /** Seals plugin secrets at rest; generated into DATA_DIR/secret.key when unset. */
  secretKey: string | undefined;
  /** npm package names of third-party plugins to load. */
  plugins: string[];
  /** C11: the largest file agents and visitors may send. */
  uploadMaxBytes: number;
  /** S3-compatible object storage for uploads; files live under DATA_DIR/files when unset. */
  s3: S3Options | undefined;
  /**
   * Whether plugins may reach loopback, private and link-local addresses (a LibreTranslate or SMTP
   * server on the LAN). Off: such destinations are refused (SSRF, docs/security.md).
   */
  allowPrivateNetworkDestinations: boolean;
  /** PARLEY_PLUGIN_DEV: an account owner may ask the server to reload a plugin (`npm run plugin:dev`). */
  pluginDev: boolean;
  /** H1 calls: STUN/TURN servers (ICE_SERVERS) and the TURN REST API secret (domain/calls/ice.ts). */
  ice: IceConfig;
  /**
   * CALL_SILENT_AFTER_SECONDS: an active call whose audio is in a console (WebRTC, SIP softphone)
   * ends once that console has not listed it in its heartbeat for this long (domain/calls/sweep.ts).
   */
  callSilentAfterMs: number;
  /** J7: REST API calls one token may make per minute (API_RATE_LIMIT). */
  apiRateLimit: number;
  /** A7 Web Push: the VAPID key pair (generated into DATA_DIR/vapid.json when unset) and contact. */
  vapid: { publicKey: string | undefined; privateKey: string | undefined; subject: string | undefined };
  /**
   * Statistics rollup job (docs/statistics.md): whether this process runs it (STATS_ROLLUP; off: never,
   * e.g. on processes kept for chat only, as long as one process has it on) and how often.
   */
  statsRollup: { enabled: boolean; everyMs: number };
  /**
   * Many accounts on one server: the emails of instance operators (PARLEY_OPERATOR_EMAILS, comma
   * separated, compared lower-cased), besides users marked operator in the database (the first owner).
   */
  operatorEmails: string[];
  /** J6: days a plan holds after a failed payment (BILLING_GRACE_DAYS). */
  billingGraceDays: number;
  /**
   * Public sign-up (SIGNUP): `open` anyone may create an account, `invite` only with one of
   * SIGNUP_INVITE_CODES, `closed` (default) nobody. Every sign-up confirms its email address.
   */
  signup: { mode: 'open' | 'invite' | 'closed'; inviteCodes: string[] };
}

function s3Options(e: z.infer<typeof ZEnv>): S3Options | undefined {
  if (!e.S3_BUCKET) return undefined;
  if (!e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY)
    throw new Error('Invalid configuration:\n  S3_BUCKET needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  return {
    bucket: e.S3_BUCKET,
    region: e.S3_REGION,
    endpoint: e.S3_ENDPOINT ?? `https://s3.${e.S3_REGION}.amazonaws.com`,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
  };
}

/** Reads configuration from the environment; throws one readable error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // npm runs workspace scripts inside the workspace folder; resolve relative paths from where the user ran npm.
  const base = env.INIT_CWD ?? process.cwd();
  const dataDir = env.DATA_DIR ? path.resolve(base, e.DATA_DIR) : path.join(repoRoot, 'data');
  if (Boolean(e.VAPID_PUBLIC_KEY) !== Boolean(e.VAPID_PRIVATE_KEY))
    throw new Error('Invalid configuration:\n  VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are set together');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    dataDir,
    filesDir: path.join(dataDir, 'files'),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustedProxies: e.TRUSTED_PROXIES.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    logLevel: e.LOG_LEVEL,
    consoleDist: e.CONSOLE_DIST
      ? path.resolve(base, e.CONSOLE_DIST)
      : path.join(repoRoot, 'apps/console/dist'),
    widgetDist: e.WIDGET_DIST ? path.resolve(base, e.WIDGET_DIST) : path.join(repoRoot, 'apps/widget/dist'),
    secretKey: e.PARLEY_SECRET_KEY,
    plugins: e.PARLEY_PLUGINS.split(/[,\s]+/).filter(Boolean),
    uploadMaxBytes: Math.round(e.UPLOAD_MAX_MB * 1024 * 1024),
    s3: s3Options(e),
    allowPrivateNetworkDestinations:
      e.ALLOW_PRIVATE_NETWORK_DESTINATIONS === 'true' || e.ALLOW_PRIVATE_NETWORK_DESTINATIONS === '1',
    pluginDev: e.PARLEY_PLUGIN_DEV === 'true' || e.PARLEY_PLUGIN_DEV === '1',
    ice: {
      iceServers: parseIceServers(e.ICE_SERVERS),
      turnSecret: e.TURN_SECRET,
      turnTtlSeconds: e.TURN_TTL_SECONDS,
    },
    callSilentAfterMs: e.CALL_SILENT_AFTER_SECONDS * 1000,
    apiRateLimit: e.API_RATE_LIMIT,
    vapid: { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY, subject: e.VAPID_SUBJECT },
    statsRollup: { enabled: e.STATS_ROLLUP === 'on', everyMs: e.STATS_ROLLUP_SECONDS * 1000 },
    operatorEmails: operatorEmails(e.PARLEY_OPERATOR_EMAILS),
    billingGraceDays: e.BILLING_GRACE_DAYS,
    signup: signupOptions(e),
  };
}

/** PARLEY_OPERATOR_EMAILS: lower-cased like stored emails (A2), so the comparison ignores case. */
function operatorEmails(value: string): string[] {
  const emails = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = emails.filter((email) => !/^[^\s@]+@[^\s@]+$/.test(email));
  if (bad.length > 0)
    throw new Error(
      `Invalid configuration:\n  PARLEY_OPERATOR_EMAILS: not an email address: ${bad.join(', ')}`,
    );
  return [...new Set(emails)];
}

function signupOptions(e: z.infer<typeof ZEnv>): Config['signup'] {
  const inviteCodes = e.SIGNUP_INVITE_CODES.split(/[,\s]+/).filter(Boolean);
  if (e.SIGNUP === 'invite' && inviteCodes.length === 0)
    throw new Error(
      'Invalid configuration:\n  SIGNUP=invite needs SIGNUP_INVITE_CODES (comma-separated codes)',
    );
  if (inviteCodes.some((code) => code.length < 8 || code.length > 100))
    throw new Error('Invalid configuration:\n  SIGNUP_INVITE_CODES: each code has 8 to 100 characters');
  return { mode: e.SIGNUP, inviteCodes };
}
