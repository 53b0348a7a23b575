-- CreateTable
CREATE TABLE "Rating" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "channelId" TEXT,
    "visitorId" TEXT NOT NULL,
    "agentId" TEXT,
    "agentIds" JSONB NOT NULL DEFAULT '[]',
    "scale" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Rating_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Rating_conversationId_key" ON "Rating"("conversationId");

-- CreateIndex
CREATE INDEX "Rating_accountId_createdAt_idx" ON "Rating"("accountId", "createdAt");

-- CreateIndex
CREATE INDEX "Rating_accountId_agentId_createdAt_idx" ON "Rating"("accountId", "agentId", "createdAt");

-- AddForeignKey
ALTER TABLE "Rating" ADD CONSTRAINT "Rating_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rating" ADD CONSTRAINT "Rating_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
