import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import type {
  createAccount,
  deleteAccount,
  getAccountSummary,
  listAccounts,
} from '../../domain/operator/accounts';
import { ZEmail, ZId, ZLocale, ZPersonName } from '../../lib/schemas';

const ZAccountName = z.string().trim().min(1).max(100);

export const ZListAccountsInput = z
  .object({
    q: z.string().trim().max(200).optional(),
    page: z.number().int().min(1).max(100_000).optional(),
    pageSize: z.number().int().min(1).max(100).optional(),
  })
  .optional();
export const ZListAccountsOutput = typeOnly<ResultOf<typeof listAccounts>>();

export const ZAccountSummary = typeOnly<ResultOf<typeof getAccountSummary>>();

export const ZCreateAccountInput = z.object({
  name: ZAccountName,
  ownerEmail: ZEmail,
  ownerName: ZPersonName,
  /** The owner's language (mail and console); the operator's own by default. */
  locale: ZLocale.optional(),
});
export const ZCreateAccountOutput = typeOnly<ResultOf<typeof createAccount>>();

export const ZSuspendAccountInput = z.object({
  accountId: ZId,
  reason: z.string().trim().min(1).max(500),
});
export const ZUnsuspendAccountInput = z.object({ accountId: ZId });

export const ZDeleteAccountInput = z.object({ accountId: ZId, confirmName: z.string().max(200) });
export const ZDeleteAccountOutput = typeOnly<ResultOf<typeof deleteAccount>>();
