-- CreateIndex
CREATE INDEX "Conversation_accountId_startedAt_idx" ON "Conversation"("accountId", "startedAt");
