-- DropIndex
DROP INDEX "LiveEvent_createdAt_idx";
