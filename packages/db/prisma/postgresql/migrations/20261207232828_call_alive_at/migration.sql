-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "aliveAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Call_status_aliveAt_idx" ON "Call"("status", "aliveAt");
