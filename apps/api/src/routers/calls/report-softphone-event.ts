import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { reportSoftphoneEvent } from '../../domain/calls/softphone';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';
import { callDeps } from './deps';

/** A SIP Call-ID (RFC 3261 `word`, plus the `@host` part): visible ASCII, no spaces. */
const ZSipCallId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x21-\x7e]+$/, 'validation.invalid');
const base = { channelId: ZId, sipCallId: ZSipCallId };

export const ZReportSoftphoneEventInput = z.discriminatedUnion('event', [
  z.object({
    ...base,
    event: z.literal('outgoing'),
    /** What the agent dialled: a number (normalised to E.164 when it is one) or a SIP user. */
    to: z.string().trim().min(1).max(80),
    /** The CRM record the call belongs to (visitor panel, CRM); else found by number. */
    visitorId: ZId.optional(),
  }),
  z.object({
    ...base,
    event: z.literal('incoming'),
    /** The caller's `sip:` URI (or number) as the INVITE named it; absent when withheld. */
    from: z.string().trim().max(300).optional(),
  }),
  z.object({ ...base, event: z.enum(['ringing', 'answered', 'declined']) }),
  z.object({
    ...base,
    event: z.literal('ended'),
    reason: z.enum(['hangup', 'remote-hangup', 'busy', 'no-answer', 'canceled', 'rejected', 'failed']),
  }),
]);
export const ZReportSoftphoneEventOutput = typeOnly<ResultOf<typeof reportSoftphoneEvent>>();

/**
 * H2 softphone model: the console reports a step of a SIP call it placed or received; the server
 * keeps the Call record (idempotent per SIP Call-ID) and rings the call card for incoming calls.
 */
export const reportSoftphoneEventProcedure = agentProcedure
  .input(ZReportSoftphoneEventInput)
  .output(ZReportSoftphoneEventOutput)
  .mutation(({ ctx, input }) => reportSoftphoneEvent(callDeps(ctx.deps), ctx.actor, input));
