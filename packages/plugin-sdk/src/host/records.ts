import { PluginError } from '../errors.js';
import type { Logger } from '../types.js';
import type { HostState } from './state.js';
import type { HostStorage, InstallRecord } from './storage.js';

/** Install rows, read through the host's cache so a plugin call does not hit the database. */
export function createInstallRecords(state: HostState, storage: HostStorage, logger: Logger) {
  const { records } = state;

  async function record(id: string): Promise<InstallRecord> {
    const cached = records.get(id);
    if (cached) return cached;
    const loaded = await storage.loadInstall(id);
    if (!loaded) throw new PluginError(`install ${id} not found`, { kind: 'config', installId: id });
    records.set(id, loaded);
    return loaded;
  }

  /** Cache first, a failed write only logged: bookkeeping must not fail the plugin call it follows. */
  async function save(r: InstallRecord) {
    records.set(r.id, r);
    try {
      await storage.saveInstall(r);
    } catch (error) {
      logger.error({ err: error, installId: r.id }, 'saving plugin install failed');
    }
  }

  return {
    record,
    save,
    /** The cached row, if any (health counts only installs the host knows). */
    cached: (id: string) => records.get(id),
    /** Forget the cached row of an install changed outside the host. */
    forget: (id: string) => records.delete(id),
  };
}
