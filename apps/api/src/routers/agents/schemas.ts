import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import type { agentStats, getAgentSettings, updateAgent } from '../../domain/agents-admin';
import { ZId } from '../../lib/schemas';

const ZDate = z.iso.datetime({ offset: true }).or(z.iso.date());

export const ZAgentIdInput = z.object({ userId: ZId });
export const ZAgentSettingsOutput = typeOnly<ResultOf<typeof getAgentSettings>>();
export const ZUpdateAgentInput = z.object({
  userId: ZId,
  role: z.enum(['admin', 'agent']).optional(),
  channelIds: z.array(ZId).max(200).optional(),
  maxConcurrentChats: z.number().int().min(1).max(100).nullable().optional(),
  disabled: z.boolean().optional(),
});
export const ZUpdateAgentOutput = typeOnly<ResultOf<typeof updateAgent>>();
export const ZAgentStatsInput = z.object({ userId: ZId, from: ZDate.optional(), to: ZDate.optional() });
export const ZAgentStatsOutput = typeOnly<ResultOf<typeof agentStats>>();
