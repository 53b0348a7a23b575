-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "creditBalance" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "creditLowThreshold" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "CreditEntry" ADD COLUMN     "actorUserId" TEXT,
ADD COLUMN     "balanceAfter" INTEGER,
ADD COLUMN     "note" TEXT,
ADD COLUMN     "rate" INTEGER,
ADD COLUMN     "ref" TEXT,
ADD COLUMN     "settledAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "CreditEntry_reason_settledAt_idx" ON "CreditEntry"("reason", "settledAt");

-- CreateIndex
CREATE UNIQUE INDEX "CreditEntry_accountId_ref_key" ON "CreditEntry"("accountId", "ref");
