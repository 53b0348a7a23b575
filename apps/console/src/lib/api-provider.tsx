import { QueryClientProvider } from '@tanstack/react-query';
import {
  createContext,
  Fragment,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from 'react';
import { createApiClients, getMeQueryKey, type TApiClients, type TMe, trpc } from './trpc';

type TSessionContext = {
  /** Starts over with fresh clients after login or logout (see createApiClients). */
  restartSession: (me: TMe | null) => void;
  /** The WebSocket of this session, for its connection state ("reconnecting…"). */
  wsClient: TApiClients['wsClient'];
};

const SessionContext = createContext<TSessionContext | null>(null);

export function useSession(): TSessionContext {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession outside ApiProvider');
  return context;
}

export function ApiProvider({ children }: { children: ReactNode }) {
  const [clients, setClients] = useState(createApiClients);
  const current = useRef(clients);
  const restartSession = useCallback((me: TMe | null) => {
    current.current.wsClient.close();
    const next = createApiClients();
    next.queryClient.setQueryData(getMeQueryKey(), me);
    current.current = next;
    setClients(next);
  }, []);
  const session = useMemo(
    () => ({ restartSession, wsClient: clients.wsClient }),
    [restartSession, clients.wsClient],
  );
  return (
    <SessionContext.Provider value={session}>
      <trpc.Provider client={clients.trpcClient} queryClient={clients.queryClient}>
        <QueryClientProvider client={clients.queryClient}>
          {/* React Query observers keep the client they were created with: a new session remounts the
              tree so nothing (e.g. the language provider's `auth.me`) keeps reading the old one. */}
          <Fragment key={clients.id}>{children}</Fragment>
        </QueryClientProvider>
      </trpc.Provider>
    </SessionContext.Provider>
  );
}
