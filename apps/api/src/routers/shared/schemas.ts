import { z } from 'zod';

/** Input pieces several namespaces share. */
export const ZColor = z.string().regex(/^#[0-9a-fA-F]{6}$/);
/** A moment with its offset (`2026-12-07T08:15:00Z`). */
export const ZDateTime = z.iso.datetime({ offset: true });
/** A moment, or a whole day (`2026-12-07`). */
export const ZDateOrDay = z.iso.datetime({ offset: true }).or(z.iso.date());
