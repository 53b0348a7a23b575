import { defineMessage, defineMessages } from 'react-intl';

/** The names of a plan's limits and features, shared by the Pro page and the banner. */
export const limitMessages = defineMessages({
  agents: { id: 'plans.limit.agents', defaultMessage: 'Agents' },
  channels: { id: 'plans.limit.channels', defaultMessage: 'Channels' },
  conversations: { id: 'plans.limit.conversations', defaultMessage: 'Conversations this month' },
  storage: { id: 'plans.limit.storage', defaultMessage: 'File storage (MB)' },
});

export const featureMessages = defineMessages({
  calls: { id: 'plans.feature.calls', defaultMessage: 'Calls' },
  api: { id: 'plans.feature.api', defaultMessage: 'API' },
  webhooks: { id: 'plans.feature.webhooks', defaultMessage: 'Webhooks' },
  plugins: { id: 'plans.feature.plugins', defaultMessage: 'Plugins' },
});

export const usageValue = defineMessage<{ used: number; max: number }>({
  id: 'plans.usage.value',
  defaultMessage: '{used} of {max}',
});
export const unlimitedValue = defineMessage<{ used: number }>({
  id: 'plans.usage.unlimited',
  defaultMessage: '{used} (unlimited)',
});
