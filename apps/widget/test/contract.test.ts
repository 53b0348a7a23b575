/**
 * Compile-time check (run by `npm run typecheck`) that the contract types the widget is written
 * against (src/types.ts) agree with the API's `widget.*` procedures. Never imported at runtime.
 */
import type { AppRouter } from '@parley/api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type {
  HistoryOutput,
  OfflineMessageInput,
  SendInput,
  StartInput,
  StartOutput,
  Visitor,
  WidgetMessage,
} from '../src/types';

type In = inferRouterInputs<AppRouter>['widget'];
type Out = inferRouterOutputs<AppRouter>['widget'];
type Assert<T extends true> = T;
type Extends<A, B> = [A] extends [B] ? true : false;

export type ContractChecks = [
  Assert<Extends<StartInput, In['start']>>,
  Assert<Extends<Out['start'], StartOutput>>,
  Assert<Extends<SendInput, In['send']>>,
  Assert<Extends<Out['send'], WidgetMessage>>,
  Assert<Extends<{ text: string }, In['typing']>>,
  Assert<Extends<Out['setContact'], Visitor>>,
  Assert<Extends<OfflineMessageInput, In['offlineMessage']>>,
  Assert<Extends<{ before?: string }, In['history']>>,
  Assert<Extends<Out['history'], HistoryOutput>>,
];
