-- CreateTable
CREATE TABLE "ChannelReceipt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChannelReceipt_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChannelReceipt_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PendingPart" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "retry" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "fileName" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PendingPart_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PendingPart_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PluginInstall" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "channelId" TEXT,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "health" TEXT NOT NULL DEFAULT 'unknown',
    "failures" INTEGER NOT NULL DEFAULT 0,
    "disabledReason" TEXT,
    "lastError" TEXT,
    "lastErrorAt" DATETIME,
    "rejectedCount" INTEGER NOT NULL DEFAULT 0,
    "rejectedReason" TEXT,
    "rejectedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PluginInstall_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PluginInstall_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PluginInstall" ("accountId", "channelId", "config", "createdAt", "disabledReason", "enabled", "failures", "health", "id", "lastError", "lastErrorAt", "name", "updatedAt", "version") SELECT "accountId", "channelId", "config", "createdAt", "disabledReason", "enabled", "failures", "health", "id", "lastError", "lastErrorAt", "name", "updatedAt", "version" FROM "PluginInstall";
DROP TABLE "PluginInstall";
ALTER TABLE "new_PluginInstall" RENAME TO "PluginInstall";
CREATE UNIQUE INDEX "PluginInstall_channelId_key" ON "PluginInstall"("channelId");
CREATE INDEX "PluginInstall_accountId_name_idx" ON "PluginInstall"("accountId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ChannelReceipt_accountId_idx" ON "ChannelReceipt"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelReceipt_channelId_externalId_key" ON "ChannelReceipt"("channelId", "externalId");

-- CreateIndex
CREATE INDEX "PendingPart_nextAttemptAt_idx" ON "PendingPart"("nextAttemptAt");

-- CreateIndex
CREATE INDEX "PendingPart_accountId_idx" ON "PendingPart"("accountId");

-- CreateIndex
CREATE INDEX "PendingPart_messageId_idx" ON "PendingPart"("messageId");
