-- AlterTable
ALTER TABLE "CreditEntry" ADD COLUMN "actorUserId" TEXT;
ALTER TABLE "CreditEntry" ADD COLUMN "balanceAfter" INTEGER;
ALTER TABLE "CreditEntry" ADD COLUMN "note" TEXT;
ALTER TABLE "CreditEntry" ADD COLUMN "rate" INTEGER;
ALTER TABLE "CreditEntry" ADD COLUMN "ref" TEXT;
ALTER TABLE "CreditEntry" ADD COLUMN "settledAt" DATETIME;

-- AlterTable (ADD COLUMN with a constant default: no table rebuild needed)
ALTER TABLE "Account" ADD COLUMN "creditBalance" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Account" ADD COLUMN "creditLowThreshold" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "CreditEntry_reason_settledAt_idx" ON "CreditEntry"("reason", "settledAt");

-- CreateIndex
CREATE UNIQUE INDEX "CreditEntry_accountId_ref_key" ON "CreditEntry"("accountId", "ref");
