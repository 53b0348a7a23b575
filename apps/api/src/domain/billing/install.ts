import type { Db } from '@parley/db';
import type { PluginHost } from '@parley/integrations';

/**
 * J6: billing is the instance operator's, not each account's: the operator's provider account
 * bills every account on the server. So the billing install is found across accounts: the oldest
 * enabled install of a loaded plugin with the `billing` capability. Only an operator may add one
 * (routers/integrations/install-plugin.ts), so no account admin can plant a provider whose
 * webhooks they sign themselves.
 */
export async function findBillingInstall(deps: {
  systemDb: Db;
  plugins: PluginHost;
}): Promise<{ id: string; accountId: string; name: string } | null> {
  const names = deps.plugins
    .listPlugins()
    .filter((p) => p.capabilities.includes('billing'))
    .map((p) => p.name);
  if (!names.length) return null;
  return deps.systemDb.pluginInstall.findFirst({
    where: { name: { in: names }, enabled: true },
    orderBy: { createdAt: 'asc' },
    select: { id: true, accountId: true, name: true },
  });
}

/** Whether a plugin (by name) is a billing plugin. */
export function isBillingPlugin(plugins: PluginHost, name: string): boolean {
  return plugins.getPlugin(name)?.capabilities.includes('billing') ?? false;
}
