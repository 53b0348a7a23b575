-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'widget',
ADD COLUMN     "visitorReadAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Visit" ADD COLUMN     "number" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "pageCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Visitor" ADD COLUMN     "visitCount" INTEGER NOT NULL DEFAULT 0;
