-- AlterTable
ALTER TABLE "PluginInstall" ADD COLUMN "approvedPermissions" TEXT;
