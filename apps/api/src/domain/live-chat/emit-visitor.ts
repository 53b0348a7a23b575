import type { DbTx } from '@parley/db';
import type { Emit } from '../../live/events';
import { CONSOLE_TOPIC } from './constants';
import { visitorBriefs } from './views';

export async function emitVisitor(
  tx: DbTx,
  emit: Emit,
  accountId: string,
  visitorId: string,
  channelId: string,
) {
  const visitor = (await visitorBriefs(tx, accountId, [visitorId])).get(visitorId);
  if (visitor)
    await emit({ topic: CONSOLE_TOPIC, data: { type: 'visitor', visitor: { ...visitor, channelId } } });
}
