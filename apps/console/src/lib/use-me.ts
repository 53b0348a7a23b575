import { createContext, useContext } from 'react';
import type { TMe } from './trpc';

export const MeContext = createContext<TMe | null>(null);

/** The logged-in user, inside the app shell (which only renders once we know who that is). */
export function useMe(): TMe {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside the app shell');
  return me;
}

export function isAdmin(me: Pick<TMe, 'role'>): boolean {
  return me.role === 'owner' || me.role === 'admin';
}
