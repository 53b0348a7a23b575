import type { Translate } from '../lib/i18n';
import type { WidgetAgent } from '../types';

/** An agent's picture, or their initials where they have none. */
export function Avatar({ agent, t }: { agent: WidgetAgent; t: Translate }) {
  const initials = agent.name
    .split(/\s+/)
    .map((p) => p[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return agent.avatarUrl ? (
    <img class="avatar" src={agent.avatarUrl} alt={t('agentAvatar', { name: agent.name })} />
  ) : (
    <span class="avatar" role="img" aria-label={t('agentAvatar', { name: agent.name })}>
      {initials}
    </span>
  );
}
