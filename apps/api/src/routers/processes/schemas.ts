import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import type { createStatus, listStatuses } from '../../domain/crm/processes';
import { ZId } from '../../lib/schemas';
import { ZText } from '../../lib/text';

const ZColor = z.string().regex(/^#[0-9a-fA-F]{6}$/);

export const ZListStatusesOutput = typeOnly<ResultOf<typeof listStatuses>>();
export const ZCreateStatusInput = z.object({ name: ZText(60), color: ZColor });
export const ZCreateStatusOutput = typeOnly<ResultOf<typeof createStatus>>();
export const ZUpdateStatusInput = z.object({ id: ZId, name: ZText(60).optional(), color: ZColor.optional() });
export const ZStatusIdInput = z.object({ id: ZId });
export const ZReorderStatusesInput = z.object({ ids: z.array(ZId).max(100) });
