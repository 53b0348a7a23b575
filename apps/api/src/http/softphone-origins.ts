import type { Db } from '@parley/db';
import type { PluginHost } from '@parley/integrations';
import type { Logger } from '../logger';

/**
 * H2 softphone model: the console's browser registers with the SIP server of a phone channel over
 * WebSocket (RFC 7118), so the console's CSP `connect-src` must name that server. It names exactly
 * the WebSocket origins in the settings of the enabled phone plugin installs (`phone-sip`'s `wsUrl`),
 * of every account on this server, since the console page is served before anyone signs in.
 *
 * The list is cached. At most once per `checkEveryMs` a console response looks at a fingerprint of
 * the installs (how many, the last change), which every create, config change, enable, disable or
 * delete moves, on any API process; only then are the installs read again. A failed read keeps the
 * last list.
 */
export interface SoftphoneOrigins {
  list(): Promise<readonly string[]>;
}

/** The ws:// or wss:// origins among an install's non-secret settings. */
export function webSocketOriginsIn(values: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const value of Object.values(values)) {
    if (typeof value !== 'string' || !/^wss?:\/\//i.test(value)) continue;
    try {
      const { origin } = new URL(value);
      if (origin !== 'null') out.push(origin);
    } catch {
      // Not a URL: the plugin's own validation would have refused it; nothing to allow.
    }
  }
  return out;
}

export function createSoftphoneOrigins(
  deps: { systemDb: Db; plugins: PluginHost; logger: Logger },
  options: { checkEveryMs?: number } = {},
): SoftphoneOrigins {
  const checkEveryMs = options.checkEveryMs ?? 1_000;
  let origins: readonly string[] = [];
  let fingerprint: string | null = null;
  let checkedAt = 0;
  let running: Promise<readonly string[]> | null = null;

  async function read(): Promise<readonly string[]> {
    const installs = await deps.systemDb.pluginInstall.findMany({
      where: { enabled: true },
      select: { id: true, name: true },
    });
    const found = new Set<string>();
    for (const install of installs) {
      if (!deps.plugins.getPlugin(install.name)?.capabilities.includes('phone')) continue;
      const config = await deps.plugins.readConfig(install.id);
      for (const origin of webSocketOriginsIn(config.values)) found.add(origin);
    }
    return [...found].sort();
  }

  async function check(): Promise<readonly string[]> {
    try {
      const agg = await deps.systemDb.pluginInstall.aggregate({
        _count: { _all: true },
        _max: { updatedAt: true },
      });
      const next = `${agg._count._all}:${agg._max.updatedAt?.getTime() ?? 0}`;
      if (next !== fingerprint) {
        origins = await read();
        fingerprint = next;
      }
    } catch (err) {
      deps.logger.warn({ err }, 'could not read the SIP servers for the console CSP; keeping the last list');
    }
    checkedAt = Date.now();
    return origins;
  }

  return {
    list() {
      if (Date.now() - checkedAt < checkEveryMs) return Promise.resolve(origins);
      running ??= check().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
