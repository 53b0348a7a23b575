-- AlterTable
ALTER TABLE "Call" ADD COLUMN "aliveAt" DATETIME;

-- CreateIndex
CREATE INDEX "Call_status_aliveAt_idx" ON "Call"("status", "aliveAt");
