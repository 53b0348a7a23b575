import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { relaySignal } from '../../domain/calls/calls';
import { ZCallSignal } from '../../domain/calls/signal';
import { ZId } from '../../lib/schemas';
import { visitorProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZSendVisitorSignalInput = z.object({ callId: ZId, signal: ZCallSignal });
export const ZSendVisitorSignalOutput = ZOk;

/** The visitor's offer or ICE candidate, relayed to the agent who took the call only. */
export const sendVisitorSignalProcedure = visitorProcedure
  .input(ZSendVisitorSignalInput)
  .output(ZSendVisitorSignalOutput)
  .mutation(({ ctx, input }) =>
    relaySignal(callDeps(ctx.deps), { visitor: ctx.visitor }, input.callId, input.signal),
  );
