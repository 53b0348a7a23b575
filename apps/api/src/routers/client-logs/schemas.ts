import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import {
  CLIENT_LOG_MAX_ENTRIES,
  type getClientLog,
  type listClientLogs,
  type uploadClientLog,
} from '../../domain/client-logs/client-logs';
import { ZId } from '../../lib/schemas';

const ZEntry = z.object({
  at: z.union([z.string().datetime(), z.number().int().nonnegative().max(8.64e15)]),
  level: z.enum(['error', 'warn']),
  source: z.enum(['window', 'promise', 'trpc', 'console']),
  message: z.string().max(2000),
  path: z.string().max(200).optional(),
  code: z.string().max(100).optional(),
  route: z.string().max(500).optional(),
  stack: z.string().max(5000).optional(),
});

export const ZSendClientLogInput = z.object({
  userAgent: z.string().max(500).optional(),
  appVersion: z.string().max(60).optional(),
  entries: z.array(ZEntry).min(1).max(CLIENT_LOG_MAX_ENTRIES),
});
export const ZSendClientLogOutput = typeOnly<ResultOf<typeof uploadClientLog>>();
export const ZListClientLogsInput = z.object({ userId: ZId.optional(), before: ZId.optional() }).optional();
export const ZListClientLogsOutput = typeOnly<ResultOf<typeof listClientLogs>>();
export const ZGetClientLogInput = z.object({ id: ZId });
export const ZGetClientLogOutput = typeOnly<ResultOf<typeof getClientLog>>();
