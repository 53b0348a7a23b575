import type { Db } from '@parley/db';
import { AppError, forbidden, notFound } from '../../errors';

/** C9: canned responses, shared with the team (admins manage) or personal. */
export async function listCanned(db: Db, accountId: string, userId: string) {
  const rows = await db.cannedResponse.findMany({
    where: { accountId, OR: [{ ownerId: null }, { ownerId: userId }] },
    orderBy: { shortcut: 'asc' },
  });
  return rows.map((r) => ({
    id: r.id,
    shortcut: r.shortcut,
    text: r.text,
    hotkey: r.hotkey,
    personal: r.ownerId !== null,
  }));
}

export interface CannedActor {
  accountId: string;
  userId: string;
  role: 'owner' | 'admin' | 'agent';
}

async function assertFree(db: Db, actor: CannedActor, shortcut: string, exceptId?: string) {
  const clash = await db.cannedResponse.findFirst({
    where: {
      accountId: actor.accountId,
      shortcut,
      ...(exceptId ? { id: { not: exceptId } } : {}),
      OR: [{ ownerId: null }, { ownerId: actor.userId }],
    },
  });
  if (clash) {
    throw new AppError('conflict', 'canned.shortcut_taken', `/${shortcut} is already used`, {
      shortcut: 'validation.taken',
    });
  }
}

export async function createCanned(
  db: Db,
  actor: CannedActor,
  input: { shortcut: string; text: string; hotkey?: string | null | undefined; personal: boolean },
) {
  if (!input.personal && actor.role === 'agent') throw forbidden();
  await assertFree(db, actor, input.shortcut);
  const r = await db.cannedResponse.create({
    data: {
      accountId: actor.accountId,
      ownerId: input.personal ? actor.userId : null,
      shortcut: input.shortcut,
      text: input.text,
      hotkey: input.hotkey ?? null,
    },
  });
  return { id: r.id };
}

async function editable(db: Db, actor: CannedActor, id: string) {
  const r = await db.cannedResponse.findFirst({ where: { id, accountId: actor.accountId } });
  if (!r || (r.ownerId && r.ownerId !== actor.userId)) throw notFound('Canned response');
  if (!r.ownerId && actor.role === 'agent') throw forbidden();
  return r;
}

export async function updateCanned(
  db: Db,
  actor: CannedActor,
  input: {
    id: string;
    shortcut?: string | undefined;
    text?: string | undefined;
    hotkey?: string | null | undefined;
  },
) {
  const r = await editable(db, actor, input.id);
  if (input.shortcut && input.shortcut !== r.shortcut) await assertFree(db, actor, input.shortcut, r.id);
  const { id, ...data } = input;
  await db.cannedResponse.update({ where: { id }, data });
}

export async function deleteCanned(db: Db, actor: CannedActor, id: string) {
  await editable(db, actor, id);
  await db.cannedResponse.delete({ where: { id } });
}
