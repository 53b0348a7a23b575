import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { phoneSettings } from '../../domain/calls/phone';
import { agentProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZGetPhoneSettingsInput = z.object({}).optional();
export const ZGetPhoneSettingsOutput = typeOnly<ResultOf<typeof phoneSettings>>();

/** H2: the agent's own phone number and the account's phone channel, for the Call section. */
export const getPhoneSettingsProcedure = agentProcedure
  .input(ZGetPhoneSettingsInput)
  .output(ZGetPhoneSettingsOutput)
  .query(({ ctx }) => phoneSettings(callDeps(ctx.deps), ctx.actor));
