-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "agentNumber" TEXT,
ADD COLUMN     "endReason" TEXT,
ADD COLUMN     "externalCallId" TEXT,
ADD COLUMN     "installId" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "callPhoneNumber" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Call_installId_externalCallId_key" ON "Call"("installId", "externalCallId");
