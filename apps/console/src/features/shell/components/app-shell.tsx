import { type ReactNode, useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar } from '../../../components/avatar';
import { ErrorState, Loading } from '../../../components/status';
import { useSession } from '../../../lib/api-provider';
import { type TMe, trpc } from '../../../lib/trpc';
import { isAdmin, MeContext, useMe } from '../../../lib/use-me';
import { SuspendedPage } from '../../auth';
import { CallCenter } from '../../calls';
import { ShortcutLayer, ToolNotifications } from '../../chat-tools';
import { ConnectionBanner, LiveProvider } from '../../live';
import {
  ChatRequests,
  LiveAnnouncer,
  TeamMessageNotifications,
  VisitorArrivalSound,
} from '../../notifications';
import { UsageBanner } from '../../plans';
import { SoftphoneProvider } from '../../softphone';
import { useAutoAway } from '../hooks/use-auto-away';
import { AccountSwitcher } from './account-switcher';
import { AwaySwitch } from './away-switch';
import { NavCount } from './nav-count';

export const navMessages = defineMessages({
  mainNav: { id: 'nav.main', defaultMessage: 'Main' },
  communication: { id: 'nav.communication', defaultMessage: 'Communication centre' },
  inbox: { id: 'nav.inbox', defaultMessage: 'Inbox' },
  myChats: { id: 'nav.myChats', defaultMessage: 'My chats' },
  archive: { id: 'nav.archive', defaultMessage: 'Archive' },
  visitorsGroup: { id: 'nav.visitorsGroup', defaultMessage: 'Visitors' },
  visitors: { id: 'nav.visitors', defaultMessage: 'On the site' },
  channels: { id: 'nav.manage.channels', defaultMessage: 'Channels' },
  sounds: { id: 'nav.settings.sounds', defaultMessage: 'Sounds' },
  calls: { id: 'nav.settings.calls', defaultMessage: 'Calls' },
  balance: { id: 'nav.manage.balance', defaultMessage: 'Call balance' },
  call: { id: 'nav.call', defaultMessage: 'Call' },
  team: { id: 'nav.team', defaultMessage: 'Team' },
  teamList: { id: 'nav.team.list', defaultMessage: 'Team' },
  teamChats: { id: 'nav.team.chats', defaultMessage: 'Team chats' },
  statistics: { id: 'nav.team.statistics', defaultMessage: 'Statistics' },
  crm: { id: 'nav.crm', defaultMessage: 'CRM' },
  crmVisitors: { id: 'nav.crm.visitors', defaultMessage: 'Visitors' },
  processes: { id: 'nav.manage.processes', defaultMessage: 'Customer processes' },
  tags: { id: 'nav.manage.tags', defaultMessage: 'Tags' },
  api: { id: 'nav.manage.api', defaultMessage: 'API' },
  integrations: { id: 'nav.manage.integrations', defaultMessage: 'Integrations' },
  webhooks: { id: 'nav.manage.webhooks', defaultMessage: 'Webhooks' },
  manage: { id: 'nav.manage', defaultMessage: 'Manage' },
  pro: { id: 'nav.pro', defaultMessage: 'Pro' },
  agents: { id: 'nav.manage.agents', defaultMessage: 'Agents' },
  settings: { id: 'nav.settings', defaultMessage: 'Settings' },
  account: { id: 'nav.settings.account', defaultMessage: 'My account' },
  general: { id: 'nav.settings.general', defaultMessage: 'General' },
  sessions: { id: 'nav.settings.sessions', defaultMessage: 'Sessions' },
  security: { id: 'nav.settings.security', defaultMessage: 'Sign-in security' },
  reminders: { id: 'nav.crm.reminders', defaultMessage: 'Reminders' },
  bans: { id: 'nav.crm.bans', defaultMessage: 'Bans' },
  canned: { id: 'nav.settings.canned', defaultMessage: 'Canned responses' },
  shortcuts: { id: 'nav.settings.shortcuts', defaultMessage: 'Shortcuts' },
  errorLog: { id: 'nav.settings.errorLog', defaultMessage: 'Error log' },
  push: { id: 'nav.settings.push', defaultMessage: 'Push notifications' },
  errorLogs: { id: 'nav.manage.errorLogs', defaultMessage: 'Error logs' },
  logout: { id: 'nav.logout', defaultMessage: 'Log out' },
  openMenu: { id: 'nav.openMenu', defaultMessage: 'Open menu' },
  closeMenu: { id: 'nav.closeMenu', defaultMessage: 'Close menu' },
  skipToContent: { id: 'nav.skipToContent', defaultMessage: 'Skip to content' },
  server: { id: 'nav.server', defaultMessage: 'Server' },
  operator: { id: 'nav.server.operator', defaultMessage: 'Operator' },
});

/** Only logged-in users get past this; everyone else goes to the login page (and comes back after). */
export function RequireAuth() {
  const me = trpc.auth.me.useQuery(undefined, { staleTime: Number.POSITIVE_INFINITY });
  const twoFactor = trpc.security.twoFactorStatus.useQuery(undefined, { enabled: !!me.data });
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) return <SignedOut from={location.pathname} onCheckAgain={() => void me.refetch()} />;
  // A5: when the owner requires two-factor sign-in, an agent without it sets it up first.
  if (twoFactor.data?.required && !twoFactor.data.totpEnabled && location.pathname !== '/settings/security')
    return <Navigate to="/settings/security" replace />;
  return (
    <MeContext.Provider value={me.data}>
      <LiveProvider myId={me.data.id}>
        {/* H2: registers the SIP softphone when the account has a SIP phone channel (lazy). */}
        <SoftphoneProvider>
          <AppShell me={me.data} />
        </SoftphoneProvider>
      </LiveProvider>
    </MeContext.Provider>
  );
}

/**
 * No session the server accepts: the login page, unless this browser's session belongs to a suspended
 * account (#19), which gets a page with the operator's reason instead (also when a suspension ends the
 * live stream mid-work: that forgets `me` and lands here).
 */
function SignedOut({ from, onCheckAgain }: { from: string; onCheckAgain: () => void }) {
  const suspension = trpc.auth.suspension.useQuery(undefined, { retry: false });
  if (suspension.isPending) return <Loading />;
  if (suspension.data)
    return (
      <SuspendedPage
        suspension={suspension.data}
        onCheckAgain={() => {
          onCheckAgain();
          void suspension.refetch();
        }}
      />
    );
  return <Navigate to="/login" replace state={{ from }} />;
}

/** Agents never see Manage; admins and owners do (the server enforces the same rule). */
export function RequireAdmin() {
  const me = useMe();
  if (!isAdmin(me)) return <Navigate to="/" replace />;
  return <Outlet />;
}

function AppShell({ me }: { me: TMe }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const location = useLocation();
  const { restartSession } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  useAutoAway();
  const logout = trpc.auth.logout.useMutation({
    onSettled: () => {
      // Even if the request failed, forget the session locally; the cookie is the server's business.
      restartSession(null);
      navigate('/login', { replace: true });
    },
  });

  // Close the phone menu after navigating.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on route change on purpose
  useEffect(() => setMenuOpen(false), [location.pathname]);

  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setMenuOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const link = (to: string, label: keyof typeof navMessages, count?: ReactNode, end = false) => (
    <li>
      <NavLink to={to} className="nav-link" end={end}>
        <FormattedMessage {...navMessages[label]} />
        {count}
      </NavLink>
    </li>
  );

  return (
    <div className={`shell ${menuOpen ? 'menu-open' : ''}`}>
      <a className="skip-link" href="#main">
        <FormattedMessage {...navMessages.skipToContent} />
      </a>
      <aside className="sidebar" data-theme={me.theme} id="sidebar">
        <div className="sidebar-brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="sidebar-account" title={me.accountName}>
            {me.accountName}
          </span>
        </div>
        <nav aria-label={intl.formatMessage(navMessages.mainNav)} className="sidebar-nav">
          {/* The JivoChat layout, limited to what exists today: no placeholders for unbuilt sections. */}
          <div className="nav-group">
            <h2 className="nav-heading">
              <FormattedMessage {...navMessages.communication} />
            </h2>
            <ul>
              {link('/inbox', 'inbox', <NavCount list="inbox" />)}
              {link('/chats', 'myChats', <NavCount list="mine" />)}
              {link('/archive', 'archive')}
              {link('/call', 'call')}
            </ul>
          </div>
          <div className="nav-group">
            <h2 className="nav-heading">
              <FormattedMessage {...navMessages.visitorsGroup} />
            </h2>
            <ul>{link('/visitors', 'visitors', <NavCount list="visitors" />)}</ul>
          </div>
          <div className="nav-group">
            <h2 className="nav-heading">
              <FormattedMessage {...navMessages.crm} />
            </h2>
            <ul>
              {link('/crm/visitors', 'crmVisitors')}
              {link('/crm/reminders', 'reminders')}
              {link('/crm/bans', 'bans')}
            </ul>
          </div>
          <div className="nav-group">
            <h2 className="nav-heading">
              <FormattedMessage {...navMessages.team} />
            </h2>
            <ul>
              {link('/team', 'teamList', undefined, true)}
              {link('/team/chats', 'teamChats', <NavCount list="team" />)}
              {link('/statistics', 'statistics')}
            </ul>
          </div>
          {isAdmin(me) ? (
            <div className="nav-group">
              <h2 className="nav-heading">
                <FormattedMessage {...navMessages.manage} />
              </h2>
              <ul>
                {link('/pro', 'pro')}
                {link('/manage/agents', 'agents')}
                {link('/manage/channels', 'channels')}
                {link('/manage/integrations', 'integrations')}
                {link('/manage/processes', 'processes')}
                {link('/manage/tags', 'tags')}
                {link('/manage/api', 'api')}
                {me.role === 'owner' ? link('/manage/balance', 'balance') : null}
                {link('/manage/webhooks', 'webhooks')}
                {link('/manage/error-logs', 'errorLogs')}
              </ul>
            </div>
          ) : null}
          <div className="nav-group">
            <h2 className="nav-heading">
              <FormattedMessage {...navMessages.settings} />
            </h2>
            <ul>
              {link('/settings/account', 'account')}
              {link('/settings/general', 'general')}
              {link('/settings/sounds', 'sounds')}
              {link('/settings/calls', 'calls')}
              {link('/settings/sessions', 'sessions')}
              {link('/settings/security', 'security')}
              {link('/settings/canned', 'canned')}
              {link('/settings/shortcuts', 'shortcuts')}
              {link('/settings/push', 'push')}
              {link('/settings/error-log', 'errorLog')}
            </ul>
          </div>
          {/* Many accounts on one server: only the instance operator sees this (the server checks too). */}
          {me.operator ? (
            <div className="nav-group">
              <h2 className="nav-heading">
                <FormattedMessage {...navMessages.server} />
              </h2>
              <ul>{link('/operator', 'operator')}</ul>
            </div>
          ) : null}
        </nav>
        <div className="sidebar-footer">
          <div className="sidebar-user">
            <Avatar name={me.name} url={me.avatarUrl} size={32} />
            <div className="sidebar-user-text">
              <span className="sidebar-user-name">{me.name}</span>
              <span className="sidebar-user-email">{me.email}</span>
            </div>
          </div>
          <AccountSwitcher />
          <button
            type="button"
            className="button button-ghost sidebar-logout"
            onClick={() => logout.mutate()}
            disabled={logout.isPending}
          >
            <FormattedMessage {...navMessages.logout} />
          </button>
        </div>
      </aside>
      <button
        type="button"
        className="scrim"
        tabIndex={-1}
        aria-hidden="true"
        onClick={() => setMenuOpen(false)}
      />
      <div className="main-column">
        <header className="topbar">
          <button
            type="button"
            className="button button-icon menu-button"
            aria-controls="sidebar"
            aria-expanded={menuOpen}
            aria-label={intl.formatMessage(menuOpen ? navMessages.closeMenu : navMessages.openMenu)}
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span className="menu-icon" aria-hidden="true" />
          </button>
          <span className="topbar-title">{me.accountName}</span>
          <div className="topbar-actions">
            <AwaySwitch />
            <Avatar name={me.name} url={me.avatarUrl} size={32} />
          </div>
        </header>
        <ConnectionBanner />
        {isAdmin(me) ? <UsageBanner /> : null}
        <main id="main" className="main" tabIndex={-1}>
          <Outlet />
        </main>
        <ChatRequests />
        <LiveAnnouncer />
        <CallCenter />
        <TeamMessageNotifications />
        <VisitorArrivalSound />
        <ToolNotifications />
        <ShortcutLayer />
      </div>
    </div>
  );
}
