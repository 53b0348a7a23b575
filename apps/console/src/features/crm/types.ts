import type { TRouterOutputs } from '../../lib/trpc';

/** D1/D3 shapes, as the API's types say they are. */
export type TCrmVisitorRow = TRouterOutputs['crm']['visitors']['items'][number];
export type TVisitorRecord = TRouterOutputs['crm']['visitor'];
export type TProcessStatus = TRouterOutputs['processes']['list'][number];
export type TStatusRef = { name: string; color: string };
