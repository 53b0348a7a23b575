import { PluginError } from '../errors.js';
import type { ChannelFeatures, Outbound } from '../types.js';

/**
 * What a channel declared it can carry is a promise the host keeps for the plugin: a message that
 * breaks it is refused as `input` (not retried, not held against the install's health) before the
 * plugin sees it, so no plugin has to re-check its own limits.
 */
export function checkAgainstFeatures(
  features: ChannelFeatures,
  message: Outbound,
  stamp: { plugin: string; installId: string },
) {
  const refuse = (reason: string) => {
    throw new PluginError(reason, { kind: 'input', ...stamp });
  };
  const files = message.attachments ?? [];
  if (files.length > 0 && !features.attachments) refuse('this channel does not carry attachments');
  const max = features.maxAttachmentBytes;
  const tooBig = max === undefined ? undefined : files.find((file) => file.data.length > max);
  if (tooBig && max !== undefined)
    refuse(`${tooBig.fileName} is over this channel's limit of ${Math.floor(max / 1024 / 1024)} MB`);
  if (features.maxTextLength !== undefined && message.text.length > features.maxTextLength)
    refuse(`text longer than ${features.maxTextLength} characters`);
}
