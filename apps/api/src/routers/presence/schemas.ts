import { z } from 'zod';

export const ZSetPresenceInput = z.object({ presence: z.enum(['online', 'away']) });

/** The calls whose audio this console holds: each beat keeps them alive (domain/calls/sweep.ts). */
export const ZHeartbeatInput = z
  .object({ calls: z.array(z.string().min(1).max(64)).max(10).default([]) })
  .optional();
