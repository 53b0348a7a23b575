-- CreateTable
CREATE TABLE "PluginPackage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "tarball" BLOB NOT NULL,
    "manifest" TEXT NOT NULL,
    "uploadedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "PluginPackage_name_status_idx" ON "PluginPackage"("name", "status");
