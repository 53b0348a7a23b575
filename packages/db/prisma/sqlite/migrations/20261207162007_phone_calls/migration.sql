-- AlterTable
ALTER TABLE "Call" ADD COLUMN "agentNumber" TEXT;
ALTER TABLE "Call" ADD COLUMN "endReason" TEXT;
ALTER TABLE "Call" ADD COLUMN "externalCallId" TEXT;
ALTER TABLE "Call" ADD COLUMN "installId" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "callPhoneNumber" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Call_installId_externalCallId_key" ON "Call"("installId", "externalCallId");
