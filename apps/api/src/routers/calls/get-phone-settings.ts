import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { phoneSettingsWithChannels } from '../../domain/calls/softphone';
import { agentProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZGetPhoneSettingsInput = z.object({}).optional();
export const ZGetPhoneSettingsOutput = typeOnly<ResultOf<typeof phoneSettingsWithChannels>>();

/** H2: the agent's own phone number and the account's phone channels, for the Call section. */
export const getPhoneSettingsProcedure = agentProcedure
  .input(ZGetPhoneSettingsInput)
  .output(ZGetPhoneSettingsOutput)
  .query(({ ctx }) => phoneSettingsWithChannels(callDeps(ctx.deps), ctx.actor));
