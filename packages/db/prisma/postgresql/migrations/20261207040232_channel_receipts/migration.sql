-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "DeliveryStatus" ADD VALUE 'delivered';
ALTER TYPE "DeliveryStatus" ADD VALUE 'read';

-- AlterTable
ALTER TABLE "PluginInstall" ADD COLUMN     "rejectedAt" TIMESTAMP(3),
ADD COLUMN     "rejectedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rejectedReason" TEXT;

-- CreateTable
CREATE TABLE "ChannelReceipt" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelReceipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PendingPart" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "retry" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "fileName" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingPart_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChannelReceipt_accountId_idx" ON "ChannelReceipt"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelReceipt_channelId_externalId_key" ON "ChannelReceipt"("channelId", "externalId");

-- CreateIndex
CREATE INDEX "PendingPart_nextAttemptAt_idx" ON "PendingPart"("nextAttemptAt");

-- CreateIndex
CREATE INDEX "PendingPart_accountId_idx" ON "PendingPart"("accountId");

-- CreateIndex
CREATE INDEX "PendingPart_messageId_idx" ON "PendingPart"("messageId");

-- AddForeignKey
ALTER TABLE "ChannelReceipt" ADD CONSTRAINT "ChannelReceipt_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelReceipt" ADD CONSTRAINT "ChannelReceipt_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PendingPart" ADD CONSTRAINT "PendingPart_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PendingPart" ADD CONSTRAINT "PendingPart_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;
