export type InstallHealth = 'ok' | 'failing' | 'disabled' | 'unknown';

/**
 * One installed plugin (or one plugin-backed channel) as stored by the API: the PluginInstall row
 * (or a Channel row mapped to this shape). `config` is the sealed string from `host.sealConfig`.
 */
export interface InstallRecord {
  id: string;
  accountId: string;
  name: string;
  version: string;
  config: string;
  enabled: boolean;
  health: InstallHealth;
  failures: number;
  disabledReason: string | null;
  /** Last error summary; optional column (kept in memory when the storage drops it). */
  lastError?: string | null;
  lastErrorAt?: Date | null;
}

/** What the API implements with its database. The host never sees the database otherwise. */
export interface HostStorage {
  loadInstall(id: string): Promise<InstallRecord | null>;
  /** Upsert by id. Called on install, config change, enable/disable and health changes. */
  saveInstall(record: InstallRecord): Promise<void>;
  /** Installs of an account (for `host.findInstalls`). */
  listInstalls(accountId: string): Promise<InstallRecord[]>;
  kvGet(installId: string, key: string): Promise<string | null>;
  kvSet(installId: string, key: string, value: string, expiresAt: Date | null): Promise<void>;
  kvDelete(installId: string, key: string): Promise<void>;
}

/** In-memory storage for tests, the contract kit and single-process experiments. */
export function createMemoryStorage(initial: InstallRecord[] = []): HostStorage & {
  installs: Map<string, InstallRecord>;
  kv: Map<string, { value: string; expiresAt: Date | null }>;
} {
  const installs = new Map(initial.map((r) => [r.id, { ...r }]));
  const kv = new Map<string, { value: string; expiresAt: Date | null }>();
  const k = (installId: string, key: string) => `${installId}\u0000${key}`;
  return {
    installs,
    kv,
    async loadInstall(id) {
      const r = installs.get(id);
      return r ? { ...r } : null;
    },
    async saveInstall(record) {
      installs.set(record.id, { ...record });
    },
    async listInstalls(accountId) {
      return [...installs.values()].filter((r) => r.accountId === accountId).map((r) => ({ ...r }));
    },
    async kvGet(installId, key) {
      const entry = kv.get(k(installId, key));
      if (!entry) return null;
      if (entry.expiresAt && entry.expiresAt.getTime() <= Date.now()) {
        kv.delete(k(installId, key));
        return null;
      }
      return entry.value;
    },
    async kvSet(installId, key, value, expiresAt) {
      kv.set(k(installId, key), { value, expiresAt });
    },
    async kvDelete(installId, key) {
      kv.delete(k(installId, key));
    },
  };
}
