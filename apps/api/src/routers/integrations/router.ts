import { router } from '../../trpc';
import { addChannelProcedure } from './add-channel';
import { approvePermissionsProcedure } from './approve-permissions';
import { configureInstallProcedure } from './configure-install';
import { confirmPackageProcedure } from './confirm-package';
import { getChannelLimitsProcedure } from './get-channel-limits';
import { getReplyWindowProcedure } from './get-reply-window';
import { installPluginProcedure } from './install-plugin';
import { listChannelStatsProcedure } from './list-channel-stats';
import { listInstallsProcedure } from './list-installs';
import { listLoadErrorsProcedure } from './list-load-errors';
import { listPackagesProcedure } from './list-packages';
import { listPluginsProcedure } from './list-plugins';
import { reloadPluginProcedure } from './reload-plugin';
import { removeChannelProcedure } from './remove-channel';
import { removePackageProcedure } from './remove-package';
import { searchGifsProcedure } from './search-gifs';
import { sendTestMessageProcedure } from './send-test-message';
import { setInstallEnabledProcedure } from './set-install-enabled';
import { setPackageEnabledProcedure } from './set-package-enabled';
import { translateTextProcedure } from './translate-text';

/** J1, J2, K1: plugins, installs, plugin-backed channels; C7/C8 provider calls. */
export const integrationsRouter = router({
  plugins: listPluginsProcedure,
  loadErrors: listLoadErrorsProcedure,
  list: listInstallsProcedure,
  install: installPluginProcedure,
  addChannel: addChannelProcedure,
  configure: configureInstallProcedure,
  approvePermissions: approvePermissionsProcedure,
  reloadPlugin: reloadPluginProcedure,
  setEnabled: setInstallEnabledProcedure,
  sendTest: sendTestMessageProcedure,
  channelStats: listChannelStatsProcedure,
  removeChannel: removeChannelProcedure,
  channelLimits: getChannelLimitsProcedure,
  replyWindow: getReplyWindowProcedure,
  translate: translateTextProcedure,
  searchGifs: searchGifsProcedure,
  packages: listPackagesProcedure,
  confirmPackage: confirmPackageProcedure,
  setPackageEnabled: setPackageEnabledProcedure,
  removePackage: removePackageProcedure,
});
