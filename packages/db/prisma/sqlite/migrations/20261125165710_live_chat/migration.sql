-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Conversation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'visitor',
    "status" TEXT NOT NULL DEFAULT 'open',
    "channelId" TEXT,
    "visitorId" TEXT,
    "assigneeId" TEXT,
    "title" TEXT,
    "invitationText" TEXT,
    "origin" TEXT NOT NULL DEFAULT 'widget',
    "visitorReadAt" DATETIME,
    "externalThreadId" TEXT,
    "translateTo" TEXT,
    "rating" INTEGER,
    "ratingComment" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastMessageAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    CONSTRAINT "Conversation_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversation_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Conversation_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "Visitor" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversation_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Conversation" ("accountId", "assigneeId", "channelId", "closedAt", "externalThreadId", "id", "invitationText", "kind", "lastMessageAt", "rating", "ratingComment", "startedAt", "status", "title", "translateTo", "visitorId") SELECT "accountId", "assigneeId", "channelId", "closedAt", "externalThreadId", "id", "invitationText", "kind", "lastMessageAt", "rating", "ratingComment", "startedAt", "status", "title", "translateTo", "visitorId" FROM "Conversation";
DROP TABLE "Conversation";
ALTER TABLE "new_Conversation" RENAME TO "Conversation";
CREATE INDEX "Conversation_accountId_status_lastMessageAt_idx" ON "Conversation"("accountId", "status", "lastMessageAt");
CREATE INDEX "Conversation_accountId_kind_lastMessageAt_idx" ON "Conversation"("accountId", "kind", "lastMessageAt");
CREATE INDEX "Conversation_visitorId_idx" ON "Conversation"("visitorId");
CREATE INDEX "Conversation_assigneeId_idx" ON "Conversation"("assigneeId");
CREATE TABLE "new_Visit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "number" INTEGER NOT NULL DEFAULT 1,
    "pageCount" INTEGER NOT NULL DEFAULT 0,
    "ip" TEXT,
    "userAgent" TEXT,
    "browser" TEXT,
    "os" TEXT,
    "device" TEXT,
    "country" TEXT,
    "city" TEXT,
    "isp" TEXT,
    "referrer" TEXT,
    "searchEngine" TEXT,
    "utmSource" TEXT,
    "utmMedium" TEXT,
    "utmCampaign" TEXT,
    "utmTerm" TEXT,
    "utmContent" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastActiveAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    CONSTRAINT "Visit_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Visit_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "Visitor" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Visit_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Visit" ("accountId", "browser", "channelId", "city", "country", "device", "endedAt", "id", "ip", "isp", "lastActiveAt", "os", "referrer", "searchEngine", "startedAt", "userAgent", "utmCampaign", "utmContent", "utmMedium", "utmSource", "utmTerm", "visitorId") SELECT "accountId", "browser", "channelId", "city", "country", "device", "endedAt", "id", "ip", "isp", "lastActiveAt", "os", "referrer", "searchEngine", "startedAt", "userAgent", "utmCampaign", "utmContent", "utmMedium", "utmSource", "utmTerm", "visitorId" FROM "Visit";
DROP TABLE "Visit";
ALTER TABLE "new_Visit" RENAME TO "Visit";
CREATE INDEX "Visit_accountId_startedAt_idx" ON "Visit"("accountId", "startedAt");
CREATE INDEX "Visit_visitorId_startedAt_idx" ON "Visit"("visitorId", "startedAt");
CREATE TABLE "new_Visitor" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "externalId" TEXT,
    "processStatusId" TEXT,
    "city" TEXT,
    "country" TEXT,
    "locale" TEXT,
    "visitCount" INTEGER NOT NULL DEFAULT 0,
    "mergedIntoId" TEXT,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Visitor_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Visitor_processStatusId_fkey" FOREIGN KEY ("processStatusId") REFERENCES "ProcessStatus" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Visitor" ("accountId", "city", "country", "createdAt", "email", "externalId", "firstSeenAt", "id", "lastSeenAt", "locale", "mergedIntoId", "name", "number", "phone", "processStatusId", "updatedAt") SELECT "accountId", "city", "country", "createdAt", "email", "externalId", "firstSeenAt", "id", "lastSeenAt", "locale", "mergedIntoId", "name", "number", "phone", "processStatusId", "updatedAt" FROM "Visitor";
DROP TABLE "Visitor";
ALTER TABLE "new_Visitor" RENAME TO "Visitor";
CREATE INDEX "Visitor_accountId_lastSeenAt_idx" ON "Visitor"("accountId", "lastSeenAt");
CREATE INDEX "Visitor_accountId_externalId_idx" ON "Visitor"("accountId", "externalId");
CREATE UNIQUE INDEX "Visitor_accountId_number_key" ON "Visitor"("accountId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
