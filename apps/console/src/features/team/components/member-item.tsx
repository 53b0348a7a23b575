import type { ReactNode } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { Avatar } from '../../../components/avatar';
import type { TRouterOutputs } from '../../../lib/trpc';
import { PresenceDot } from './presence-dot';
import { RoleLabel } from './role-label';

const messages = defineMessages({
  settings: { id: 'team.settings', defaultMessage: 'Settings' },
  settingsOf: defineMessage<{ name: string }>({
    id: 'team.settingsOf',
    defaultMessage: 'Settings and statistics of {name}',
  }),
  disabled: { id: 'team.disabled', defaultMessage: 'Disabled' },
});

export type TMember = TRouterOutputs['team']['list'][number];

/**
 * One teammate as the Team page and Manage → Agents list them (inside a `.member-list`): avatar with
 * presence, name and email, role, "Disabled", and for admins the link to the agent's settings.
 */
export function MemberItem({
  member,
  name = member.name,
  settingsLink,
  label,
}: {
  member: TMember;
  /** The name as shown (the Team page makes it a button that opens a direct chat). */
  name?: ReactNode;
  settingsLink: boolean;
  /** The item's accessible name, when the list wants more than its text (e.g. the presence). */
  label?: string;
}) {
  const intl = useIntl();
  return (
    <li className={`member ${member.disabled ? 'is-disabled' : ''}`} aria-label={label}>
      <span className="member-avatar">
        <Avatar name={member.name} url={member.avatarUrl} size={40} />
        <PresenceDot presence={member.presence} />
      </span>
      <span className="member-text">
        <span className="member-name">{name}</span>
        <span className="member-email">{member.email}</span>
      </span>
      <span className="member-meta">
        <RoleLabel role={member.role} />
        {member.disabled ? (
          <span className="badge badge-muted">
            <FormattedMessage {...messages.disabled} />
          </span>
        ) : null}
        {settingsLink ? (
          <Link
            to={`/team/agents/${member.id}`}
            className="button button-small"
            aria-label={intl.formatMessage(messages.settingsOf, { name: member.name })}
          >
            <FormattedMessage {...messages.settings} />
          </Link>
        ) : null}
      </span>
    </li>
  );
}
