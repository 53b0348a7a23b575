import type { Db, PluginInstall } from '@parley/db';
import type { HostStorage, InstallHealth, InstallRecord } from '@parley/integrations';

/** The plugin host's storage, on the PluginInstall and PluginKv tables. */
export function createDbHostStorage(db: Db): HostStorage {
  const toRecord = (r: PluginInstall): InstallRecord => ({
    id: r.id,
    accountId: r.accountId,
    name: r.name,
    version: r.version,
    config: r.config,
    enabled: r.enabled,
    health: r.health as InstallHealth,
    failures: r.failures,
    disabledReason: r.disabledReason,
    lastError: r.lastError,
    lastErrorAt: r.lastErrorAt,
  });
  return {
    async loadInstall(id) {
      const r = await db.pluginInstall.findUnique({ where: { id } });
      return r ? toRecord(r) : null;
    },
    async saveInstall(record) {
      const data = {
        name: record.name,
        version: record.version,
        config: record.config,
        enabled: record.enabled,
        health: record.health,
        failures: record.failures,
        disabledReason: record.disabledReason,
        lastError: record.lastError ?? null,
        lastErrorAt: record.lastErrorAt ?? null,
      };
      await db.pluginInstall.upsert({
        where: { id: record.id },
        create: { id: record.id, accountId: record.accountId, ...data },
        update: data,
      });
    },
    async listInstalls(accountId) {
      return (await db.pluginInstall.findMany({ where: { accountId }, orderBy: { createdAt: 'asc' } })).map(
        toRecord,
      );
    },
    async kvGet(installId, key) {
      const row = await db.pluginKv.findUnique({
        where: { pluginInstallId_key: { pluginInstallId: installId, key } },
      });
      if (!row) return null;
      if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
        await db.pluginKv.deleteMany({ where: { pluginInstallId: installId, key } });
        return null;
      }
      return row.value;
    },
    async kvSet(installId, key, value, expiresAt) {
      const install = await db.pluginInstall.findUniqueOrThrow({
        where: { id: installId },
        select: { accountId: true },
      });
      await db.pluginKv.upsert({
        where: { pluginInstallId_key: { pluginInstallId: installId, key } },
        create: { accountId: install.accountId, pluginInstallId: installId, key, value, expiresAt },
        update: { value, expiresAt },
      });
    },
    async kvDelete(installId, key) {
      await db.pluginKv.deleteMany({ where: { pluginInstallId: installId, key } });
    },
  };
}
