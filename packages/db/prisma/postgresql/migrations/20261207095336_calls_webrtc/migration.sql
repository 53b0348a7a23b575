-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "channelId" TEXT,
ADD COLUMN     "declinedUserIds" JSONB,
ADD COLUMN     "endedBy" TEXT,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'webrtc',
ADD COLUMN     "ringUntil" TIMESTAMP(3),
ADD COLUMN     "ringingMs" INTEGER,
ADD COLUMN     "rungUserIds" JSONB;

-- CreateIndex
CREATE INDEX "Call_status_ringUntil_idx" ON "Call"("status", "ringUntil");

-- CreateIndex
CREATE INDEX "Call_conversationId_idx" ON "Call"("conversationId");
