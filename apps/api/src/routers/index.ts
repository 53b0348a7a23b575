import { router } from '../trpc';
import { accountRouter } from './account';
import { authRouter } from './auth';
import { invitationsRouter } from './invitations';
import { sessionsRouter } from './sessions';
import { setupRouter } from './setup';
import { presenceRouter, teamRouter } from './team';

export const appRouter = router({
  setup: setupRouter,
  auth: authRouter,
  sessions: sessionsRouter,
  account: accountRouter,
  invitations: invitationsRouter,
  team: teamRouter,
  presence: presenceRouter,
});

export type AppRouter = typeof appRouter;
