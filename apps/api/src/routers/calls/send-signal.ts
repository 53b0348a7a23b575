import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { relaySignal } from '../../domain/calls/calls';
import { ZCallSignal } from '../../domain/calls/signal';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZSendSignalInput = z.object({ callId: ZId, signal: ZCallSignal });
export const ZSendSignalOutput = ZOk;

/** The agent's answer or ICE candidate, relayed to the call's visitor only. */
export const sendSignalProcedure = agentProcedure
  .input(ZSendSignalInput)
  .output(ZSendSignalOutput)
  .mutation(({ ctx, input }) =>
    relaySignal(callDeps(ctx.deps), { agent: ctx.actor }, input.callId, input.signal),
  );
