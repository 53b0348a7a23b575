-- AlterTable
ALTER TABLE "StatChat" ADD COLUMN "fold" TEXT;
