-- CreateTable
CREATE TABLE "StatState" (
    "accountId" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "lastEventId" INTEGER NOT NULL DEFAULT 0,
    "lastRunAt" TIMESTAMP(3),
    "rebuiltAt" TIMESTAMP(3),

    CONSTRAINT "StatState_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "StatChat" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "conversationId" TEXT,
    "visitorId" TEXT,
    "channelId" TEXT NOT NULL DEFAULT '',
    "agentId" TEXT NOT NULL DEFAULT '',
    "statusId" TEXT NOT NULL DEFAULT '',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "chat" INTEGER NOT NULL DEFAULT 0,
    "offline" INTEGER NOT NULL DEFAULT 0,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "missed" INTEGER NOT NULL DEFAULT 0,
    "proactive" INTEGER NOT NULL DEFAULT 0,
    "proactiveAnswered" INTEGER NOT NULL DEFAULT 0,
    "invited" INTEGER NOT NULL DEFAULT 0,
    "firstResponseMs" INTEGER,
    "responseSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "responseCount" INTEGER NOT NULL DEFAULT 0,
    "responseAvgMs" INTEGER,
    "durationMs" INTEGER,
    "transfers" INTEGER NOT NULL DEFAULT 0,
    "rating" INTEGER,

    CONSTRAINT "StatChat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatHour" (
    "accountId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "channelId" TEXT NOT NULL DEFAULT '',
    "agentId" TEXT NOT NULL DEFAULT '',
    "chats" INTEGER NOT NULL DEFAULT 0,
    "offline" INTEGER NOT NULL DEFAULT 0,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "missed" INTEGER NOT NULL DEFAULT 0,
    "proactive" INTEGER NOT NULL DEFAULT 0,
    "proactiveAnswered" INTEGER NOT NULL DEFAULT 0,
    "invited" INTEGER NOT NULL DEFAULT 0,
    "frtSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "frtCount" INTEGER NOT NULL DEFAULT 0,
    "respSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "respCount" INTEGER NOT NULL DEFAULT 0,
    "durationSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
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

    CONSTRAINT "StatHour_pkey" PRIMARY KEY ("accountId","hour","channelId","agentId")
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

-- AddForeignKey
ALTER TABLE "StatState" ADD CONSTRAINT "StatState_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatChat" ADD CONSTRAINT "StatChat_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatChat" ADD CONSTRAINT "StatChat_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatHour" ADD CONSTRAINT "StatHour_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
