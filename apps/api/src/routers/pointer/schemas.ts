import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import {
  isAcceptableSelector,
  type requestPageSnapshot,
  SELECTOR_MAX,
  type sendPointer,
} from '../../domain/live-chat/pointer';
import { ZId } from '../../lib/schemas';

const ZPageUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .optional();

export const ZSendPointerInput = z.object({
  conversationId: ZId,
  selector: z.string().trim().min(1).max(SELECTOR_MAX).refine(isAcceptableSelector),
  url: ZPageUrl,
});
export const ZSendPointerOutput = typeOnly<ResultOf<typeof sendPointer>>();
export const ZRequestSnapshotInput = z.object({ conversationId: ZId, url: ZPageUrl });
export const ZRequestSnapshotOutput = typeOnly<ResultOf<typeof requestPageSnapshot>>();
