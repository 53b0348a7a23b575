import type { Deps } from '../../deps';
import type { CallDeps } from '../../domain/calls/calls';
import { chatDeps } from '../../lib/handler-deps';

/** What the calls domain takes: the chat's slice of Deps plus the ICE configuration. */
export const callDeps = (deps: Deps): CallDeps => ({ ...chatDeps(deps), ice: deps.config.ice });
