-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "suspendedAt" TIMESTAMP(3),
ADD COLUMN     "suspendedReason" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "operator" BOOLEAN NOT NULL DEFAULT false;
