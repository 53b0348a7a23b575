import { defineMessages, FormattedMessage } from 'react-intl';
import { BrowserRouter, Link, Navigate, Route, Routes } from 'react-router';
import { Page } from './components/page';
import { ArchiveChatPage, ArchivePage } from './features/archive';
import { InvitePage, LoginPage, SetupPage } from './features/auth';
import { ChannelPage, ChannelsPage } from './features/channels';
import { BansPage, CannedPage, RemindersPage, ShortcutsPage, TagsPage } from './features/chat-tools';
import { ChatPage, InboxPage, MyChatsPage } from './features/chats';
import { CrmVisitorsPage, ProcessesPage, VisitorRecordPage } from './features/crm';
import { AddChannelPage, IntegrationsPage } from './features/integrations';
import { AgentsPage } from './features/manage';
import { GeneralPage, MyAccountPage, SessionsPage, SoundsPage } from './features/settings';
import { RequireAdmin, RequireAuth } from './features/shell';
import { AgentSettingsPage, TeamChatsPage, TeamPage } from './features/team';
import { VisitorsPage } from './features/visitors';
import { AppIntlProvider } from './i18n/intl-provider';
import { ApiProvider } from './lib/api-provider';

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
          <Routes>
            <Route path="/setup" element={<SetupPage />} />
            <Route path="/login" element={<LoginPage />} />
            <Route path="/invite/:token" element={<InvitePage />} />
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
              </Route>
              <Route path="settings">
                <Route index element={<Navigate to="/settings/account" replace />} />
                <Route path="account" element={<MyAccountPage />} />
                <Route path="general" element={<GeneralPage />} />
                <Route path="sounds" element={<SoundsPage />} />
                <Route path="sessions" element={<SessionsPage />} />
                <Route path="canned" element={<CannedPage />} />
                <Route path="shortcuts" element={<ShortcutsPage />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AppIntlProvider>
    </ApiProvider>
  );
}
