import { trpc } from '../../../lib/trpc';
import { useMeCache } from './use-update-me';

/**
 * One subscription for the whole shell: keeps the team list's presence dots and my own away switch live
 * (the latter matters when another tab or the idle timer changes it).
 */
export function useLivePresence(myId: string) {
  const utils = trpc.useUtils();
  const meCache = useMeCache();
  trpc.team.onPresence.useSubscription(
    {},
    {
      onStarted: () => {
        // Subscribed first, then catch up, so no change falls between the two.
        void utils.team.list.invalidate();
      },
      onData: (event) => {
        const { userId, presence } = event.data;
        utils.team.list.setData(undefined, (list) =>
          list?.map((member) => (member.id === userId ? { ...member, presence } : member)),
        );
        if (userId === myId && presence !== 'offline') meCache.patch({ presence });
      },
    },
  );
}
