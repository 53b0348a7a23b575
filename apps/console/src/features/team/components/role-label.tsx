import { defineMessages, FormattedMessage } from 'react-intl';

export const roleMessages = defineMessages({
  owner: { id: 'role.owner', defaultMessage: 'Owner' },
  admin: { id: 'role.admin', defaultMessage: 'Admin' },
  agent: { id: 'role.agent', defaultMessage: 'Agent' },
});

export function RoleLabel({ role }: { role: 'owner' | 'admin' | 'agent' }) {
  return (
    <span className={`badge badge-role-${role}`}>
      <FormattedMessage {...roleMessages[role]} />
    </span>
  );
}
