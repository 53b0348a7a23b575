import { QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { createApiClients, getMeQueryKey, type TMe, trpc } from './trpc';

type TSessionContext = {
  /** Starts over with fresh clients after login or logout (see createApiClients). */
  restartSession: (me: TMe | null) => void;
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
  const session = useMemo(() => ({ restartSession }), [restartSession]);
  return (
    <SessionContext.Provider value={session}>
      <trpc.Provider client={clients.trpcClient} queryClient={clients.queryClient}>
        <QueryClientProvider client={clients.queryClient}>{children}</QueryClientProvider>
      </trpc.Provider>
    </SessionContext.Provider>
  );
}
