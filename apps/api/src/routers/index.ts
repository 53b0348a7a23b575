import { router } from '../trpc';
import { accountRouter } from './account';
import { authRouter } from './auth';
import { channelsRouter } from './channels';
import { toolsRouter } from './chat-tools';
import { chatsRouter, visitorsRouter } from './chats';
import { agentsRouter, crmRouter, processesRouter } from './crm';
import { integrationsRouter } from './integrations';
import { invitationsRouter } from './invitations';
import { liveRouter } from './live';
import { mediaRouter } from './media';
import { pointerRouter } from './pointer';
import { sessionsRouter } from './sessions';
import { setupRouter } from './setup';
import { presenceRouter, teamRouter } from './team';
import { translationRouter } from './translation';
import { widgetRouter } from './widget';

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
  media: mediaRouter,
});

export type AppRouter = typeof appRouter;
