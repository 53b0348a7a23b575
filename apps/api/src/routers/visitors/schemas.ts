import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import type { visitorDetail } from '../../domain/live-chat/views';
import type { listOnlineVisitors } from '../../domain/live-chat/visitors';
import { ZId } from '../../lib/schemas';

export const ZOnlineVisitorsOutput = typeOnly<ResultOf<typeof listOnlineVisitors>>();
export const ZGetVisitorInput = z.object({ visitorId: ZId });
export const ZGetVisitorOutput = typeOnly<NonNullable<ResultOf<typeof visitorDetail>>>();
