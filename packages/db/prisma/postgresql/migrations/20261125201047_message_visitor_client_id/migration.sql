-- CreateIndex
CREATE INDEX "Message_authorVisitorId_clientId_idx" ON "Message"("authorVisitorId", "clientId");
