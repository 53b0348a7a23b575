-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Call" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "conversationId" TEXT,
    "visitorId" TEXT,
    "agentId" TEXT,
    "direction" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'webrtc',
    "channelId" TEXT,
    "phoneNumber" TEXT,
    "status" TEXT NOT NULL DEFAULT 'ringing',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ringUntil" DATETIME,
    "answeredAt" DATETIME,
    "endedAt" DATETIME,
    "ringingMs" INTEGER,
    "durationSec" INTEGER,
    "rungUserIds" JSONB,
    "declinedUserIds" JSONB,
    "endedBy" TEXT,
    "cost" INTEGER,
    CONSTRAINT "Call_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Call_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Call_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "Visitor" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Call_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Call" ("accountId", "agentId", "answeredAt", "conversationId", "cost", "direction", "durationSec", "endedAt", "id", "phoneNumber", "startedAt", "status", "via", "visitorId") SELECT "accountId", "agentId", "answeredAt", "conversationId", "cost", "direction", "durationSec", "endedAt", "id", "phoneNumber", "startedAt", "status", "via", "visitorId" FROM "Call";
DROP TABLE "Call";
ALTER TABLE "new_Call" RENAME TO "Call";
CREATE INDEX "Call_accountId_startedAt_idx" ON "Call"("accountId", "startedAt");
CREATE INDEX "Call_status_ringUntil_idx" ON "Call"("status", "ringUntil");
CREATE INDEX "Call_conversationId_idx" ON "Call"("conversationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
