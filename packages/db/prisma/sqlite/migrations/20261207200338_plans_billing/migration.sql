-- CreateTable
CREATE TABLE "Plan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "maxAgents" INTEGER,
    "maxChannels" INTEGER,
    "maxMonthlyConversations" INTEGER,
    "maxStorageMb" INTEGER,
    "features" TEXT NOT NULL DEFAULT '[]',
    "priceMonthly" INTEGER,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "billingPriceRef" TEXT,
    "archivedAt" DATETIME,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Invoice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "number" TEXT,
    "status" TEXT NOT NULL,
    "amountDue" INTEGER NOT NULL,
    "amountPaid" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL,
    "periodStart" DATETIME,
    "periodEnd" DATETIME,
    "hostedUrl" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Invoice_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BillingEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "installId" TEXT NOT NULL,
    "eventRef" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "accountId" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "visitorSeq" INTEGER NOT NULL DEFAULT 0,
    "requireTwoFactor" BOOLEAN NOT NULL DEFAULT false,
    "creditBalance" INTEGER NOT NULL DEFAULT 0,
    "creditLowThreshold" INTEGER NOT NULL DEFAULT 0,
    "suspendedAt" DATETIME,
    "suspendedReason" TEXT,
    "planId" TEXT,
    "planStatus" TEXT NOT NULL DEFAULT 'active',
    "planRenewsAt" DATETIME,
    "planGraceUntil" DATETIME,
    "billingCustomerRef" TEXT,
    "billingSubscriptionRef" TEXT,
    "limitWarningsSent" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "Account_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Account" ("createdAt", "creditBalance", "creditLowThreshold", "id", "name", "requireTwoFactor", "suspendedAt", "suspendedReason", "visitorSeq") SELECT "createdAt", "creditBalance", "creditLowThreshold", "id", "name", "requireTwoFactor", "suspendedAt", "suspendedReason", "visitorSeq" FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Plan_key_key" ON "Plan"("key");

-- CreateIndex
CREATE INDEX "Invoice_accountId_createdAt_idx" ON "Invoice"("accountId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_accountId_ref_key" ON "Invoice"("accountId", "ref");

-- CreateIndex
CREATE UNIQUE INDEX "BillingEvent_installId_eventRef_key" ON "BillingEvent"("installId", "eventRef");
