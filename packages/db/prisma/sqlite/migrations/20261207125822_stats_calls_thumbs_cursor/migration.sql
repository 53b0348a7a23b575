-- AlterTable
ALTER TABLE "StatState" ADD COLUMN "rebuildCursor" TEXT;

-- CreateTable
CREATE TABLE "StatCall" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL DEFAULT '',
    "agentId" TEXT NOT NULL DEFAULT '',
    "startedAt" DATETIME NOT NULL,
    "hour" DATETIME NOT NULL,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "missed" INTEGER NOT NULL DEFAULT 0,
    "durationSec" INTEGER,
    CONSTRAINT "StatCall_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StatChat" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "conversationId" TEXT,
    "visitorId" TEXT,
    "channelId" TEXT NOT NULL DEFAULT '',
    "agentId" TEXT NOT NULL DEFAULT '',
    "statusId" TEXT NOT NULL DEFAULT '',
    "startedAt" DATETIME NOT NULL,
    "hour" DATETIME NOT NULL,
    "chat" INTEGER NOT NULL DEFAULT 0,
    "offline" INTEGER NOT NULL DEFAULT 0,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "missed" INTEGER NOT NULL DEFAULT 0,
    "proactive" INTEGER NOT NULL DEFAULT 0,
    "proactiveAnswered" INTEGER NOT NULL DEFAULT 0,
    "invited" INTEGER NOT NULL DEFAULT 0,
    "firstResponseMs" INTEGER,
    "responseSumMs" REAL NOT NULL DEFAULT 0,
    "responseCount" INTEGER NOT NULL DEFAULT 0,
    "responseAvgMs" INTEGER,
    "durationMs" INTEGER,
    "transfers" INTEGER NOT NULL DEFAULT 0,
    "rating" INTEGER,
    "thumbsUp" INTEGER NOT NULL DEFAULT 0,
    "thumbsDown" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "StatChat_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StatChat_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_StatChat" ("accountId", "agentId", "answered", "channelId", "chat", "conversationId", "durationMs", "firstResponseMs", "hour", "id", "invited", "missed", "offline", "proactive", "proactiveAnswered", "rating", "responseAvgMs", "responseCount", "responseSumMs", "startedAt", "statusId", "transfers", "visitorId") SELECT "accountId", "agentId", "answered", "channelId", "chat", "conversationId", "durationMs", "firstResponseMs", "hour", "id", "invited", "missed", "offline", "proactive", "proactiveAnswered", "rating", "responseAvgMs", "responseCount", "responseSumMs", "startedAt", "statusId", "transfers", "visitorId" FROM "StatChat";
DROP TABLE "StatChat";
ALTER TABLE "new_StatChat" RENAME TO "StatChat";
CREATE UNIQUE INDEX "StatChat_conversationId_key" ON "StatChat"("conversationId");
CREATE INDEX "StatChat_accountId_startedAt_idx" ON "StatChat"("accountId", "startedAt");
CREATE INDEX "StatChat_accountId_visitorId_idx" ON "StatChat"("accountId", "visitorId");
CREATE TABLE "new_StatHour" (
    "accountId" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "channelId" TEXT NOT NULL DEFAULT '',
    "agentId" TEXT NOT NULL DEFAULT '',
    "chats" INTEGER NOT NULL DEFAULT 0,
    "offline" INTEGER NOT NULL DEFAULT 0,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "missed" INTEGER NOT NULL DEFAULT 0,
    "proactive" INTEGER NOT NULL DEFAULT 0,
    "proactiveAnswered" INTEGER NOT NULL DEFAULT 0,
    "invited" INTEGER NOT NULL DEFAULT 0,
    "frtSumMs" REAL NOT NULL DEFAULT 0,
    "frtCount" INTEGER NOT NULL DEFAULT 0,
    "respSumMs" REAL NOT NULL DEFAULT 0,
    "respCount" INTEGER NOT NULL DEFAULT 0,
    "durationSumMs" REAL NOT NULL DEFAULT 0,
    "durationCount" INTEGER NOT NULL DEFAULT 0,
    "transfers" INTEGER NOT NULL DEFAULT 0,
    "ratingSum" INTEGER NOT NULL DEFAULT 0,
    "ratingCount" INTEGER NOT NULL DEFAULT 0,
    "rating1" INTEGER NOT NULL DEFAULT 0,
    "rating2" INTEGER NOT NULL DEFAULT 0,
    "rating3" INTEGER NOT NULL DEFAULT 0,
    "rating4" INTEGER NOT NULL DEFAULT 0,
    "rating5" INTEGER NOT NULL DEFAULT 0,
    "visits" INTEGER NOT NULL DEFAULT 0,
    "newVisits" INTEGER NOT NULL DEFAULT 0,
    "pageViews" INTEGER NOT NULL DEFAULT 0,
    "thumbsUp" INTEGER NOT NULL DEFAULT 0,
    "thumbsDown" INTEGER NOT NULL DEFAULT 0,
    "callsAnswered" INTEGER NOT NULL DEFAULT 0,
    "callsMissed" INTEGER NOT NULL DEFAULT 0,
    "callSecSum" REAL NOT NULL DEFAULT 0,
    "callSecCount" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("accountId", "hour", "channelId", "agentId"),
    CONSTRAINT "StatHour_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_StatHour" ("accountId", "agentId", "answered", "channelId", "chats", "durationCount", "durationSumMs", "frtCount", "frtSumMs", "hour", "invited", "missed", "newVisits", "offline", "pageViews", "proactive", "proactiveAnswered", "rating1", "rating2", "rating3", "rating4", "rating5", "ratingCount", "ratingSum", "respCount", "respSumMs", "transfers", "visits") SELECT "accountId", "agentId", "answered", "channelId", "chats", "durationCount", "durationSumMs", "frtCount", "frtSumMs", "hour", "invited", "missed", "newVisits", "offline", "pageViews", "proactive", "proactiveAnswered", "rating1", "rating2", "rating3", "rating4", "rating5", "ratingCount", "ratingSum", "respCount", "respSumMs", "transfers", "visits" FROM "StatHour";
DROP TABLE "StatHour";
ALTER TABLE "new_StatHour" RENAME TO "StatHour";
CREATE INDEX "StatHour_accountId_channelId_hour_idx" ON "StatHour"("accountId", "channelId", "hour");
CREATE INDEX "StatHour_accountId_agentId_hour_idx" ON "StatHour"("accountId", "agentId", "hour");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "StatCall_callId_key" ON "StatCall"("callId");

-- CreateIndex
CREATE INDEX "StatCall_accountId_hour_idx" ON "StatCall"("accountId", "hour");

-- The new columns (calls, thumbs) are filled by a rebuild: the next scheduled rollup does one.
UPDATE "StatState" SET "rebuiltAt" = NULL;
