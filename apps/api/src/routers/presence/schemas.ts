import { z } from 'zod';

export const ZSetPresenceInput = z.object({ presence: z.enum(['online', 'away']) });
