-- AlterTable
ALTER TABLE "StatChat" ADD COLUMN     "thumbsDown" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "thumbsUp" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "StatHour" ADD COLUMN     "callSecCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "callSecSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "callsAnswered" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "callsMissed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "thumbsDown" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "thumbsUp" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "StatState" ADD COLUMN     "rebuildCursor" TEXT;

-- CreateTable
CREATE TABLE "StatCall" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL DEFAULT '',
    "agentId" TEXT NOT NULL DEFAULT '',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "missed" INTEGER NOT NULL DEFAULT 0,
    "durationSec" INTEGER,

    CONSTRAINT "StatCall_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StatCall_callId_key" ON "StatCall"("callId");

-- CreateIndex
CREATE INDEX "StatCall_accountId_hour_idx" ON "StatCall"("accountId", "hour");

-- AddForeignKey
ALTER TABLE "StatCall" ADD CONSTRAINT "StatCall_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The new columns (calls, thumbs) are filled by a rebuild: the next scheduled rollup does one.
UPDATE "StatState" SET "rebuiltAt" = NULL;
