import { defineMessages, FormattedMessage } from 'react-intl';
import { BrowserRouter, Link, Navigate, Route, Routes } from 'react-router';
import { Page } from './components/page';
import { LoginPage } from './features/auth';
import { ChatPage, InboxPage, MyChatsPage } from './features/chats';
import { PwaBridge } from './features/pwa';
import { RequireAdmin, RequireAuth } from './features/shell';
import { AppIntlProvider } from './i18n/intl-provider';
import { ApiProvider } from './lib/api-provider';
import { lazyPage } from './lib/lazy-page';

// Pages other than the agent's first screen (Inbox, a chat, login) load when first opened.
const ArchiveChatPage = lazyPage(
  () => import('./features/archive/components/archive-page'),
  'ArchiveChatPage',
);
const ArchivePage = lazyPage(() => import('./features/archive/components/archive-page'), 'ArchivePage');
const InvitePage = lazyPage(() => import('./features/auth/components/invite-page'), 'InvitePage');
const SetupPage = lazyPage(() => import('./features/auth/components/setup-page'), 'SetupPage');
const ForgotPasswordPage = lazyPage(
  () => import('./features/auth/components/forgot-password-page'),
  'ForgotPasswordPage',
);
const ResetPasswordPage = lazyPage(
  () => import('./features/auth/components/reset-password-page'),
  'ResetPasswordPage',
);
const SignupPage = lazyPage(() => import('./features/auth/components/signup-page'), 'SignupPage');
const CheckEmailPage = lazyPage(
  () => import('./features/auth/components/check-email-page'),
  'CheckEmailPage',
);
const VerifyEmailPage = lazyPage(
  () => import('./features/auth/components/verify-email-page'),
  'VerifyEmailPage',
);
const SecurityPage = lazyPage(() => import('./features/settings/components/security-page'), 'SecurityPage');
const ChannelPage = lazyPage(() => import('./features/channels/components/channel-page'), 'ChannelPage');
const ChannelsPage = lazyPage(() => import('./features/channels/components/channels-page'), 'ChannelsPage');
const BansPage = lazyPage(() => import('./features/chat-tools/components/bans-page'), 'BansPage');
const CannedPage = lazyPage(() => import('./features/chat-tools/components/canned-page'), 'CannedPage');
const RemindersPage = lazyPage(
  () => import('./features/chat-tools/components/reminders-page'),
  'RemindersPage',
);
const ShortcutsPage = lazyPage(
  () => import('./features/chat-tools/components/shortcuts-page'),
  'ShortcutsPage',
);
const TagsPage = lazyPage(() => import('./features/chat-tools/components/tags-page'), 'TagsPage');
const CrmVisitorsPage = lazyPage(
  () => import('./features/crm/components/crm-visitors-page'),
  'CrmVisitorsPage',
);
const ProcessesPage = lazyPage(() => import('./features/crm/components/processes-page'), 'ProcessesPage');
const VisitorRecordPage = lazyPage(
  () => import('./features/crm/components/visitor-record/visitor-record-page'),
  'VisitorRecordPage',
);
const AddChannelPage = lazyPage(
  () => import('./features/integrations/components/add-channel-page'),
  'AddChannelPage',
);
const IntegrationsPage = lazyPage(
  () => import('./features/integrations/components/integrations-page'),
  'IntegrationsPage',
);
const AgentsPage = lazyPage(() => import('./features/manage/components/agents-page'), 'AgentsPage');
const ApiTokensPage = lazyPage(
  () => import('./features/api-tokens/components/api-tokens-page'),
  'ApiTokensPage',
);
const GeneralPage = lazyPage(() => import('./features/settings/components/general-page'), 'GeneralPage');
const MyAccountPage = lazyPage(
  () => import('./features/settings/components/my-account/my-account-page'),
  'MyAccountPage',
);
const SessionsPage = lazyPage(() => import('./features/settings/components/sessions-page'), 'SessionsPage');
const SoundsPage = lazyPage(() => import('./features/settings/components/sounds-page'), 'SoundsPage');
const CallSettingsPage = lazyPage(
  () => import('./features/calls/components/call-settings-page'),
  'CallSettingsPage',
);
const CallPage = lazyPage(() => import('./features/phone/components/call-page'), 'CallPage');
const CallBalancePage = lazyPage(
  () => import('./features/calls/components/call-balance-page'),
  'CallBalancePage',
);
const AgentSettingsPage = lazyPage(
  () => import('./features/team/components/agent-settings-page'),
  'AgentSettingsPage',
);
const TeamChatsPage = lazyPage(() => import('./features/team/components/team-chats-page'), 'TeamChatsPage');
const TeamPage = lazyPage(() => import('./features/team/components/team-page'), 'TeamPage');
const VisitorsPage = lazyPage(() => import('./features/visitors/components/visitors-page'), 'VisitorsPage');
const WebhooksPage = lazyPage(() => import('./features/webhooks/components/webhooks-page'), 'WebhooksPage');
const ErrorLogPage = lazyPage(() => import('./features/error-log/components/error-log-page'), 'ErrorLogPage');
const ErrorLogsPage = lazyPage(
  () => import('./features/error-log/components/error-logs-page'),
  'ErrorLogsPage',
);
const PushPage = lazyPage(() => import('./features/pwa/components/push-page'), 'PushPage');
const OperatorPage = lazyPage(() => import('./features/operator'), 'OperatorPage');
const ProPage = lazyPage(() => import('./features/plans'), 'ProPage');
const StatisticsPage = lazyPage(
  () => import('./features/stats/components/statistics-page'),
  'StatisticsPage',
);

const messages = defineMessages({
  notFoundTitle: { id: 'notFound.title', defaultMessage: 'Page not found' },
  notFoundText: { id: 'notFound.text', defaultMessage: 'There is nothing at this address.' },
  notFoundHome: { id: 'notFound.home', defaultMessage: 'Back to the console' },
});

function NotFoundPage() {
  return (
    <Page title={messages.notFoundTitle}>
      <p>
        <FormattedMessage {...messages.notFoundText} />
      </p>
      <p>
        <Link to="/">
          <FormattedMessage {...messages.notFoundHome} />
        </Link>
      </p>
    </Page>
  );
}

export function App() {
  return (
    <ApiProvider>
      <AppIntlProvider>
        <BrowserRouter>
          <PwaBridge />
          <Routes>
            <Route path="/setup" element={<SetupPage />} />
            <Route path="/login" element={<LoginPage />} />
            <Route path="/invite/:token" element={<InvitePage />} />
            <Route path="/forgot-password" element={<ForgotPasswordPage />} />
            <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
            <Route path="/signup" element={<SignupPage />} />
            <Route path="/signup/check-email" element={<CheckEmailPage />} />
            <Route path="/verify-email/:token" element={<VerifyEmailPage />} />
            <Route element={<RequireAuth />}>
              <Route index element={<Navigate to="/inbox" replace />} />
              <Route path="inbox" element={<InboxPage />} />
              <Route path="chats" element={<MyChatsPage />} />
              <Route path="chats/:conversationId" element={<ChatPage />} />
              <Route path="archive" element={<ArchivePage />} />
              <Route path="archive/:conversationId" element={<ArchiveChatPage />} />
              <Route path="visitors" element={<VisitorsPage />} />
              <Route path="crm">
                <Route index element={<Navigate to="/crm/visitors" replace />} />
                <Route path="visitors" element={<CrmVisitorsPage />} />
                <Route path="visitors/:visitorId" element={<VisitorRecordPage />} />
                <Route path="reminders" element={<RemindersPage />} />
                <Route path="bans" element={<BansPage />} />
              </Route>
              <Route path="statistics" element={<StatisticsPage />} />
              <Route path="call" element={<CallPage />} />
              <Route path="team" element={<TeamPage />} />
              <Route path="team/chats" element={<TeamChatsPage />} />
              <Route path="team/chats/:conversationId" element={<TeamChatsPage />} />
              <Route path="team/agents/:userId" element={<RequireAdmin />}>
                <Route index element={<AgentSettingsPage />} />
              </Route>
              <Route path="manage" element={<RequireAdmin />}>
                <Route index element={<Navigate to="/manage/agents" replace />} />
                <Route path="agents" element={<AgentsPage />} />
                <Route path="channels" element={<ChannelsPage />} />
                <Route path="channels/new" element={<AddChannelPage />} />
                <Route path="channels/:channelId" element={<ChannelPage />} />
                <Route path="integrations" element={<IntegrationsPage />} />
                <Route path="integrations/:installId" element={<IntegrationsPage />} />
                <Route path="processes" element={<ProcessesPage />} />
                <Route path="tags" element={<TagsPage />} />
                <Route path="api" element={<ApiTokensPage />} />
                <Route path="balance" element={<CallBalancePage />} />
                <Route path="webhooks" element={<WebhooksPage />} />
                <Route path="error-logs" element={<ErrorLogsPage />} />
              </Route>
              <Route path="settings">
                <Route index element={<Navigate to="/settings/account" replace />} />
                <Route path="account" element={<MyAccountPage />} />
                <Route path="general" element={<GeneralPage />} />
                <Route path="sounds" element={<SoundsPage />} />
                <Route path="calls" element={<CallSettingsPage />} />
                <Route path="sessions" element={<SessionsPage />} />
                <Route path="security" element={<SecurityPage />} />
                <Route path="canned" element={<CannedPage />} />
                <Route path="shortcuts" element={<ShortcutsPage />} />
                <Route path="error-log" element={<ErrorLogPage />} />
                <Route path="push" element={<PushPage />} />
              </Route>
              <Route path="pro" element={<RequireAdmin />}>
                <Route index element={<ProPage />} />
              </Route>
              <Route path="operator" element={<OperatorPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AppIntlProvider>
    </ApiProvider>
  );
}
