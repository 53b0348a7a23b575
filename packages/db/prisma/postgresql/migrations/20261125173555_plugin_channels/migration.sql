-- DropIndex
DROP INDEX "PluginInstall_accountId_name_key";

-- AlterTable
ALTER TABLE "PluginInstall" ADD COLUMN     "channelId" TEXT,
ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "lastErrorAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "PluginInstall_channelId_key" ON "PluginInstall"("channelId");

-- CreateIndex
CREATE INDEX "PluginInstall_accountId_name_idx" ON "PluginInstall"("accountId", "name");

-- AddForeignKey
ALTER TABLE "PluginInstall" ADD CONSTRAINT "PluginInstall_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
