import { defineMessages, FormattedMessage } from 'react-intl';
import { Page } from '../../../../components/page';
import { AvatarSection } from './avatar-section';
import { DisplayNamesSection } from './display-names-section';
import { EmailSection } from './email-section';
import { PasswordSection } from './password-section';
import { ProfileSection } from './profile-section';

const messages = defineMessages({
  title: { id: 'account.title', defaultMessage: 'My account' },
  description: {
    id: 'account.description',
    defaultMessage: 'How you appear to visitors and your team, and how you log in.',
  },
});

export function MyAccountPage() {
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <ProfileSection />
      <AvatarSection />
      <DisplayNamesSection />
      <EmailSection />
      <PasswordSection />
    </Page>
  );
}
