import { defineMessages, FormattedMessage } from 'react-intl';

const messages = defineMessages({
  ok: { id: 'integrations.health.ok', defaultMessage: 'Healthy' },
  failing: { id: 'integrations.health.failing', defaultMessage: 'Failing' },
  disabled: { id: 'integrations.health.disabled', defaultMessage: 'Disabled' },
  unknown: { id: 'integrations.health.unknown', defaultMessage: 'Not used yet' },
});

const CLASS: Record<string, string> = {
  ok: 'badge-success',
  failing: 'badge-warning',
  disabled: 'badge-muted',
  unknown: 'badge-muted',
};

/** K1: the host's health of a plugin install (ok, failing, disabled after repeated failures). */
export function HealthBadge({ health }: { health: string }) {
  const key = health in messages ? (health as keyof typeof messages) : 'unknown';
  return (
    <span className={`badge ${CLASS[key]}`}>
      <FormattedMessage {...messages[key]} />
    </span>
  );
}
