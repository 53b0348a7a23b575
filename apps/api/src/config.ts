import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

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
  WIDGET_DIST: z.string().optional(),
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
  };
}
