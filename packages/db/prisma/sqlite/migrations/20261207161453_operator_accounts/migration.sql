-- AlterTable
ALTER TABLE "Account" ADD COLUMN "suspendedAt" DATETIME;
ALTER TABLE "Account" ADD COLUMN "suspendedReason" TEXT;

-- AlterTable (a plain ADD COLUMN: the generated script rebuilt the whole User table for it)
ALTER TABLE "User" ADD COLUMN "operator" BOOLEAN NOT NULL DEFAULT false;
