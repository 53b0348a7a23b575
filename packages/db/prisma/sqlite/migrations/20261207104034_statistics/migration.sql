-- CreateTable
CREATE TABLE "StatState" (
    "accountId" TEXT NOT NULL PRIMARY KEY,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "lastEventId" INTEGER NOT NULL DEFAULT 0,
    "lastRunAt" DATETIME,
    "rebuiltAt" DATETIME,
    CONSTRAINT "StatState_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StatChat" (
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
    CONSTRAINT "StatChat_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StatChat_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StatHour" (
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

    PRIMARY KEY ("accountId", "hour", "channelId", "agentId"),
    CONSTRAINT "StatHour_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "StatChat_conversationId_key" ON "StatChat"("conversationId");

-- CreateIndex
CREATE INDEX "StatChat_accountId_startedAt_idx" ON "StatChat"("accountId", "startedAt");

-- CreateIndex
CREATE INDEX "StatChat_accountId_visitorId_idx" ON "StatChat"("accountId", "visitorId");

-- CreateIndex
CREATE INDEX "StatHour_accountId_channelId_hour_idx" ON "StatHour"("accountId", "channelId", "hour");

-- CreateIndex
CREATE INDEX "StatHour_accountId_agentId_hour_idx" ON "StatHour"("accountId", "agentId", "hour");
