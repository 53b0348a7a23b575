import { defineMessage, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { trpc } from '../../../lib/trpc';
import { limitMessages } from './plan-messages';

const warning = defineMessage<{ limit: string; used: number; max: number }>({
  id: 'plans.banner.warning',
  defaultMessage: 'Your plan is almost used up. {limit}: {used} of {max}.',
});
const reached = defineMessage<{ limit: string; used: number; max: number }>({
  id: 'plans.banner.reached',
  defaultMessage: 'Your plan’s limit is reached. {limit}: {used} of {max}; new ones are refused.',
});
const details = defineMessage({ id: 'plans.banner.details', defaultMessage: 'See your plan' });

/**
 * The shell's banner for owners and admins before a limit bites (80 %) and once it has (100 %):
 * the most pressing limit, and a link to the Pro page. Refreshed every few minutes.
 */
export function UsageBanner() {
  const intl = useIntl();
  const current = trpc.plans.current.useQuery(undefined, { staleTime: 60_000, refetchInterval: 300_000 });
  const limits = current.data?.limits.filter((l) => l.state !== 'ok' && l.max !== null) ?? [];
  const top = limits.find((l) => l.state === 'reached') ?? limits[0];
  if (!top || top.max === null) return null;
  return (
    <div className={`plans-banner plans-banner-${top.state}`} role="status">
      <FormattedMessage
        {...(top.state === 'reached' ? reached : warning)}
        values={{ limit: intl.formatMessage(limitMessages[top.limit]), used: top.used, max: top.max }}
      />{' '}
      <Link to="/pro">
        <FormattedMessage {...details} />
      </Link>
    </div>
  );
}
