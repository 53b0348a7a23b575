-- AlterTable
ALTER TABLE "LoginChallenge" ADD COLUMN "linkedUsers" TEXT;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN "linkedUsers" TEXT;

-- CreateTable
CREATE TABLE "AccountChoice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "linkedUsers" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "EmailVerification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EmailVerification_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EmailVerification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Emails unique per account instead of globally. Prisma's diff rebuilds the table here; an index
-- swap and one added column do the same without copying every user (hand-edited).
DROP INDEX "User_email_key";
ALTER TABLE "User" ADD COLUMN "emailUnverified" BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX "User_email_idx" ON "User"("email");
CREATE UNIQUE INDEX "User_accountId_email_key" ON "User"("accountId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "EmailVerification_tokenHash_key" ON "EmailVerification"("tokenHash");

-- CreateIndex
CREATE INDEX "EmailVerification_userId_idx" ON "EmailVerification"("userId");

-- CreateIndex
CREATE INDEX "EmailVerification_accountId_idx" ON "EmailVerification"("accountId");
