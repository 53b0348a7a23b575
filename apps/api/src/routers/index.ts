import { router } from '../trpc';
import { accountRouter } from './account/router';
import { agentsRouter } from './agents/router';
import { apiTokensRouter } from './api-tokens/router';
import { authRouter } from './auth/router';
import { balanceRouter } from './balance/router';
import { billingRouter } from './billing/router';
import { callsRouter } from './calls/router';
import { channelsRouter } from './channels/router';
import { chatsRouter } from './chats/router';
import { clientLogsRouter } from './client-logs/router';
import { crmRouter } from './crm/router';
import { integrationsRouter } from './integrations/router';
import { invitationsRouter } from './invitations/router';
import { liveRouter } from './live/router';
import { mediaRouter } from './media/router';
import { operatorRouter } from './operator/router';
import { plansRouter } from './plans/router';
import { pointerRouter } from './pointer/router';
import { presenceRouter } from './presence/router';
import { processesRouter } from './processes/router';
import { pushRouter } from './push/router';
import { securityRouter } from './security/router';
import { sessionsRouter } from './sessions/router';
import { setupRouter } from './setup/router';
import { signupRouter } from './signup/router';
import { statsRouter } from './stats/router';
import { teamRouter } from './team/router';
import { toolsRouter } from './tools/router';
import { translationRouter } from './translation/router';
import { visitorsRouter } from './visitors/router';
import { webhooksRouter } from './webhooks/router';
import { widgetRouter } from './widget/router';

/** The whole API: one folder per namespace (routers/<namespace>/router.ts assembles it). */
export const appRouter = router({
  setup: setupRouter,
  auth: authRouter,
  sessions: sessionsRouter,
  account: accountRouter,
  invitations: invitationsRouter,
  team: teamRouter,
  presence: presenceRouter,
  channels: channelsRouter,
  chats: chatsRouter,
  visitors: visitorsRouter,
  live: liveRouter,
  widget: widgetRouter,
  crm: crmRouter,
  processes: processesRouter,
  agents: agentsRouter,
  integrations: integrationsRouter,
  tools: toolsRouter,
  translation: translationRouter,
  pointer: pointerRouter,
  plans: plansRouter,
  media: mediaRouter,
  calls: callsRouter,
  balance: balanceRouter,
  billing: billingRouter,
  security: securityRouter,
  stats: statsRouter,
  apiTokens: apiTokensRouter,
  webhooks: webhooksRouter,
  clientLogs: clientLogsRouter,
  push: pushRouter,
  operator: operatorRouter,
  signup: signupRouter,
});

export type AppRouter = typeof appRouter;
