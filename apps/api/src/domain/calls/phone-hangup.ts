import type { PluginHost } from '@parley/integrations';
import { runInBackground } from '../../lib/background';
import type { Logger } from '../../logger';

/**
 * H2: ends the provider's side of a phone call Parley ended (declined by every agent, nobody
 * answered in time, an agent hung up in the console), in the background: the provider may be slow or
 * down, and the record is already final. Ending a call that already ended is harmless.
 */
export function hangUpAtProvider(
  deps: { plugins?: PluginHost | undefined; logger?: Logger | undefined },
  installId: string | null,
  externalCallId: string | null,
) {
  const { plugins, logger } = deps;
  if (!installId || !externalCallId || !plugins || !logger) return;
  runInBackground(logger, 'phone-hangup', { installId, externalCallId }, async () => {
    // A softphone plugin (SIP) has no hangup: the console's own user agent ends the call.
    if (!(await plugins.phone(installId)).hangup) return;
    await plugins.hangupCall(installId, externalCallId);
  });
}
