import { withLiveEvents } from '../../live/events';
import type { ClientInfo } from '../sessions';
import { emitVisitor } from './emit-visitor';
import type { VisitorAuth } from './visitor-auth';
import { assertNotBanned } from './widget-bans';
import type { WidgetDeps } from './widget-deps';

export interface ContactInput {
  name?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
}

export async function setVisitorContact(
  deps: WidgetDeps,
  visitor: VisitorAuth,
  input: ContactInput,
  client: ClientInfo,
) {
  await assertNotBanned(deps.db, visitor, client);
  return withLiveEvents(deps, visitor.accountId, async (tx, emit) => {
    const v = await tx.visitor.update({
      where: { id: visitor.visitorId },
      data: {
        ...(input.name !== undefined ? { name: input.name || null } : {}),
        ...(input.email !== undefined ? { email: input.email || null } : {}),
        ...(input.phone !== undefined ? { phone: input.phone || null } : {}),
      },
    });
    await emitVisitor(tx, emit, visitor.accountId, visitor.visitorId, visitor.channelId);
    return { id: v.id, number: v.number, name: v.name, email: v.email, phone: v.phone };
  });
}
