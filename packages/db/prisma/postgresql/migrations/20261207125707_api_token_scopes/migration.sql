-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "prefix" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "scopes" TEXT NOT NULL DEFAULT '';
